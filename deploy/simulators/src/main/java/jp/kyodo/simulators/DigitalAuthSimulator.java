package jp.kyodo.simulators;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * デジタル認証アプリ (the Digital Agency's app that reads the My Number card): an OpenID Connect provider (authorization
 * code flow only, PKCE S256 required, {@code private_key_jwt} client authentication, ES256 ID tokens, the 基本4情報 by
 * scope) and the signing flow (a sign transaction holding a document's SHA-256 digest, approved with
 * {@code scope=sign}, whose result is the signature and the simulated 署名用電子証明書). The "card reader" is a page
 * listing demo cards (no JavaScript). See README.md for what is assumed.
 *
 * <p>Usage: {@code java -cp target/classes jp.kyodo.simulators.DigitalAuthSimulator [port] [dir]}. {@code dir} holds
 * the registered clients ({@code clients/<client_id>.properties}: {@code publicKey} = base64 X.509 SubjectPublicKeyInfo
 * of the client's P-256 key, {@code redirectUris} = comma-separated; {@code *} matches one path segment), read on every
 * request; the simulator writes its JPKI-like CA certificate there ({@code jpki-ca.pem}, kept across restarts).
 */
public final class DigitalAuthSimulator {

    /** A demo My Number card: its holder's 基本4情報, PIN (利用者証明用) and signing password (署名用). */
    record Card(String id, String name, String address, String birthdate, String gender, String pin, String signPassword,
                KeyPair signingKey, byte[] certificate) {
    }

    /** An authorization request waiting for the card reader. */
    record Pending(String clientId, String redirectUri, String scope, String state, String nonce, String challenge,
                   String transactionId) {
    }

    /** An authorization code, single use, 60 s. */
    record Code(Pending request, String cardId, long expires) {
    }

    /** An access token: the client, the card (null for client credentials), the scope, the sign transaction. */
    record Token(String clientId, String cardId, String scope, String transactionId, long expires) {
    }

    /** A sign transaction: the client's digest, then the card's signature. */
    static final class Transaction {
        final String id;
        final String clientId;
        final byte[] digest;
        volatile String cardId;
        volatile byte[] signature;

        Transaction(String id, String clientId, byte[] digest) {
            this.id = id;
            this.clientId = clientId;
            this.digest = digest;
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] SHA256_DIGEST_INFO = hex("3031300d060960864801650304020105000420");
    private final String issuer;
    private final Path dir;
    private final KeyPair idTokenKey;
    private final String keyId;
    private final KeyPair caKey;
    private final byte[] caCertificate;
    private final Map<String, Card> cards = new ConcurrentHashMap<>();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Map<String, Code> codes = new ConcurrentHashMap<>();
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private final Map<String, Transaction> transactions = new ConcurrentHashMap<>();
    private final Map<String, Long> assertionIds = new ConcurrentHashMap<>();
    private final AtomicInteger serial = new AtomicInteger(1000);
    private final Map<String, AtomicInteger> stats = new ConcurrentHashMap<>();

    DigitalAuthSimulator(int port, Path dir) throws IOException, GeneralSecurityException {
        this.issuer = "http://127.0.0.1:" + port;
        this.dir = dir;
        Files.createDirectories(dir.resolve("clients"));
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        this.idTokenKey = ec.generateKeyPair();
        this.keyId = "sim-" + Long.toString(System.currentTimeMillis(), 36);
        this.caKey = caKey(dir);
        this.caCertificate = certificate(caKey.getPublic(), "JPKI Simulated Signature CA", Map.of(), BigInteger.ONE);
        String pem = "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(caCertificate) + "\n-----END CERTIFICATE-----\n";
        Files.writeString(dir.resolve("jpki-ca.pem"), pem);
        // the demo cards: the holders of the demo cities (./kyodo run) and one other person
        card("amagasaki-taro", "尼崎 太郎", "兵庫県尼崎市東七松町1丁目23番1号", "1988-06-15", "1");
        card("musashino-hanako", "武蔵野 花子", "東京都武蔵野市緑町2丁目2番28号", "1990-02-03", "2");
        card("shiken-jiro", "試験 次郎", "東京都千代田区霞が関1丁目1番1号", "1975-12-01", "1");
    }

    public static void main(String[] args) throws Exception {
        int port = SimHttp.port(args, 7066);
        Path dir = Path.of(args.length > 1 ? args[1] : "target/digital-auth");
        var sim = new DigitalAuthSimulator(port, dir);
        HttpServer server = SimHttp.loopback(port);
        server.createContext("/", ex -> {
            try {
                sim.handle(ex);
            } catch (GeneralSecurityException | RuntimeException e) {
                e.printStackTrace();
                SimHttp.send(ex, 500, "{\"error\":\"server_error\"}");
            }
        });
        server.start();
        System.out.println("digital-auth (My Number card) simulator on 127.0.0.1:" + port + ", clients in " + dir);
    }

    private void handle(HttpExchange ex) throws IOException, GeneralSecurityException {
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        stats.computeIfAbsent(method + " " + path.replaceAll("/api/sign-transactions/[^/]+", "/api/sign-transactions/{id}"),
                k -> new AtomicInteger()).incrementAndGet();
        switch (method + " " + path) {
            case "GET /.well-known/openid-configuration" -> SimHttp.send(ex, 200, discovery());
            case "GET /certs" -> SimHttp.send(ex, 200, jwks());
            case "GET /authorize" -> authorize(ex);
            case "POST /authorize" -> approve(ex);
            case "POST /token" -> token(ex);
            case "GET /userinfo" -> userinfo(ex);
            case "POST /api/sign-transactions" -> createTransaction(ex);
            case "GET /_sim/stats" -> SimHttp.send(ex, 200, statsJson());
            case "POST /_sim/cards" -> addCard(ex);
            default -> {
                if ("GET".equals(method) && path.matches("/api/sign-transactions/[^/]+/result")) {
                    result(ex, path.split("/")[3]);
                } else {
                    SimHttp.send(ex, 404, "{\"error\":\"not_found\"}");
                }
            }
        }
    }

    // ---------------------------------------------------------------- OpenID Connect

    private String discovery() {
        return "{\"issuer\":" + SimHttp.q(issuer) + ",\"authorization_endpoint\":" + SimHttp.q(issuer + "/authorize")
                + ",\"token_endpoint\":" + SimHttp.q(issuer + "/token") + ",\"userinfo_endpoint\":" + SimHttp.q(issuer + "/userinfo")
                + ",\"jwks_uri\":" + SimHttp.q(issuer + "/certs") + ",\"sign_transaction_endpoint\":"
                + SimHttp.q(issuer + "/api/sign-transactions") + ",\"response_types_supported\":[\"code\"],"
                + "\"grant_types_supported\":[\"authorization_code\",\"client_credentials\"],"
                + "\"scopes_supported\":[\"openid\",\"name\",\"address\",\"birthdate\",\"gender\",\"sign\"],"
                + "\"code_challenge_methods_supported\":[\"S256\"],\"token_endpoint_auth_methods_supported\":[\"private_key_jwt\"],"
                + "\"token_endpoint_auth_signing_alg_values_supported\":[\"ES256\"],\"id_token_signing_alg_values_supported\":[\"ES256\"],"
                + "\"subject_types_supported\":[\"pairwise\"],\"claims_supported\":[\"sub\",\"name\",\"address\",\"birthdate\","
                + "\"gender\",\"acr\"],\"acr_values_supported\":[\"aal3\"]}";
    }

    private String jwks() {
        ECPublicKey k = (ECPublicKey) idTokenKey.getPublic();
        return "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"use\":\"sig\",\"alg\":\"ES256\",\"kid\":" + SimHttp.q(keyId)
                + ",\"x\":" + SimHttp.q(b64u(unsigned(k.getW().getAffineX()))) + ",\"y\":"
                + SimHttp.q(b64u(unsigned(k.getW().getAffineY()))) + "}]}";
    }

    private void authorize(HttpExchange ex) throws IOException {
        Map<String, String> q = SimHttp.query(ex);
        String clientId = q.get("client_id");
        String redirect = q.get("redirect_uri");
        Properties client = client(clientId);
        if (client == null || redirect == null || !redirectAllowed(client, redirect)) {
            page(ex, 400, "エラー", "<p>クライアントまたは戻り先 (redirect_uri) が登録されていません。</p>");
            return;
        }
        String scope = q.getOrDefault("scope", "");
        List<String> scopes = List.of(scope.split(" "));
        String error = !"code".equals(q.get("response_type")) ? "unsupported_response_type"
                : !scopes.contains("openid") ? "invalid_scope"
                : blank(q.get("state")) || blank(q.get("nonce")) ? "invalid_request"
                : blank(q.get("code_challenge")) || !"S256".equals(q.get("code_challenge_method")) ? "invalid_request"
                : null;
        String txn = q.get("sign_transaction_id");
        if (error == null && scopes.contains("sign")) {
            Transaction t = txn == null ? null : transactions.get(txn);
            if (t == null || !t.clientId.equals(clientId) || t.signature != null) {
                error = "invalid_request";
            }
        } else if (error == null && txn != null) {
            error = "invalid_request";
        }
        if (error != null) {
            redirect(ex, redirect, "error=" + error + "&state=" + enc(q.getOrDefault("state", "")));
            return;
        }
        String id = random();
        pending.put(id, new Pending(clientId, redirect, scope, q.get("state"), q.get("nonce"), q.get("code_challenge"),
                scopes.contains("sign") ? txn : null));
        cardReader(ex, 200, id, null);
    }

    /** The card reader: choose a card, type its PIN (sign-in) or signing password (signing), approve or cancel. */
    private void cardReader(HttpExchange ex, int status, String requestId, String error) throws IOException {
        Pending p = pending.get(requestId);
        boolean sign = p.transactionId() != null;
        StringBuilder b = new StringBuilder();
        if (error != null) {
            b.append("<div role=\"alert\"><p>").append(html(error)).append("</p></div>");
        }
        b.append("<p>").append(html(p.clientId())).append(sign ? " が、あなたのマイナンバーカードの署名用電子証明書で文書に電子署名することを求めています。"
                : " が、あなたのマイナンバーカードでの本人確認と次の情報の提供を求めています: " + html(p.scope())).append("</p>");
        if (sign) {
            b.append("<p>署名する文書のハッシュ値 (SHA-256): <code>")
                    .append(hexOf(transactions.get(p.transactionId()).digest)).append("</code></p>");
        }
        b.append("<form method=\"post\" action=\"/authorize\"><input type=\"hidden\" name=\"request\" value=\"")
                .append(html(requestId)).append("\"><fieldset><legend>カードリーダーにかざすカード（デモ用）</legend>");
        for (Card c : cards.values()) {
            b.append("<div><input type=\"radio\" name=\"card\" id=\"card-").append(html(c.id())).append("\" value=\"")
                    .append(html(c.id())).append("\"><label for=\"card-").append(html(c.id())).append("\">")
                    .append(html(c.name())).append("（").append(html(c.birthdate())).append("生）</label></div>");
        }
        b.append("</fieldset><div><label for=\"pin\">").append(sign ? "署名用電子証明書のパスワード（6〜16文字）"
                        : "利用者証明用電子証明書の暗証番号（数字4桁）")
                .append("</label><input type=\"password\" id=\"pin\" name=\"pin\" autocomplete=\"off\"></div>")
                .append("<button type=\"submit\" name=\"action\" value=\"approve\">").append(sign ? "署名する" : "同意してログイン")
                .append("</button> <button type=\"submit\" name=\"action\" value=\"cancel\">やめる</button></form>");
        page(ex, status, sign ? "マイナンバーカードで署名" : "マイナンバーカードでログイン", b.toString());
    }

    private void approve(HttpExchange ex) throws IOException, GeneralSecurityException {
        Map<String, String> f = SimHttp.form(SimHttp.body(ex));
        String requestId = f.getOrDefault("request", "");
        Pending p = pending.get(requestId);
        if (p == null) {
            page(ex, 400, "エラー", "<p>この要求は期限切れか、すでに使われました。最初からやり直してください。</p>");
            return;
        }
        if (!"approve".equals(f.get("action"))) {
            pending.remove(requestId);
            redirect(ex, p.redirectUri(), "error=access_denied&state=" + enc(p.state()));
            return;
        }
        Card card = cards.get(f.getOrDefault("card", ""));
        boolean sign = p.transactionId() != null;
        if (card == null || !(sign ? card.signPassword() : card.pin()).equals(f.get("pin"))) {
            cardReader(ex, 400, requestId, card == null ? "カードを選んでください。"
                    : sign ? "署名用電子証明書のパスワードが違います。" : "暗証番号が違います。");
            return;
        }
        pending.remove(requestId);
        if (sign) {
            Transaction t = transactions.get(p.transactionId());
            Signature s = Signature.getInstance("NONEwithRSA");
            s.initSign(card.signingKey().getPrivate());
            s.update(concat(SHA256_DIGEST_INFO, t.digest));
            t.signature = s.sign();
            t.cardId = card.id();
        }
        String code = random();
        codes.put(code, new Code(p, card.id(), System.currentTimeMillis() + 60_000));
        redirect(ex, p.redirectUri(), "code=" + code + "&state=" + enc(p.state()));
    }

    private void token(HttpExchange ex) throws IOException, GeneralSecurityException {
        Map<String, String> f = SimHttp.form(SimHttp.body(ex));
        String clientId = authenticate(f);
        if (clientId == null) {
            SimHttp.send(ex, 401, "{\"error\":\"invalid_client\",\"error_description\":\"private_key_jwt client assertion "
                    + "missing or not valid\"}");
            return;
        }
        String grant = f.getOrDefault("grant_type", "");
        if ("client_credentials".equals(grant)) {
            String at = random();
            tokens.put(at, new Token(clientId, null, "sign-transaction", null, System.currentTimeMillis() + 300_000));
            SimHttp.send(ex, 200, "{\"access_token\":" + SimHttp.q(at) + ",\"token_type\":\"Bearer\",\"expires_in\":300,"
                    + "\"scope\":\"sign-transaction\"}");
            return;
        }
        if (!"authorization_code".equals(grant)) {
            SimHttp.send(ex, 400, "{\"error\":\"unsupported_grant_type\"}");
            return;
        }
        Code code = codes.remove(f.getOrDefault("code", ""));
        if (code == null || code.expires() < System.currentTimeMillis() || !code.request().clientId().equals(clientId)
                || !code.request().redirectUri().equals(f.get("redirect_uri"))) {
            SimHttp.send(ex, 400, "{\"error\":\"invalid_grant\"}");
            return;
        }
        String verifier = f.getOrDefault("code_verifier", "");
        String challenge = b64u(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        if (verifier.length() < 43 || !challenge.equals(code.request().challenge())) {
            SimHttp.send(ex, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"PKCE code_verifier does not match\"}");
            return;
        }
        Card card = cards.get(code.cardId());
        String at = random();
        tokens.put(at, new Token(clientId, card.id(), code.request().scope(), code.request().transactionId(),
                System.currentTimeMillis() + 300_000));
        long now = Instant.now().getEpochSecond();
        StringBuilder claims = new StringBuilder("{\"iss\":" + SimHttp.q(issuer) + ",\"sub\":" + SimHttp.q(sub(clientId, card))
                + ",\"aud\":" + SimHttp.q(clientId) + ",\"iat\":" + now + ",\"exp\":" + (now + 300) + ",\"auth_time\":" + now
                + ",\"nonce\":" + SimHttp.q(code.request().nonce()) + ",\"acr\":\"aal3\"");
        personal(claims, card, code.request().scope());
        String idToken = jwt(claims.append('}').toString());
        SimHttp.send(ex, 200, "{\"access_token\":" + SimHttp.q(at) + ",\"token_type\":\"Bearer\",\"expires_in\":300,"
                + "\"scope\":" + SimHttp.q(code.request().scope()) + ",\"id_token\":" + SimHttp.q(idToken) + "}");
    }

    private void userinfo(HttpExchange ex) throws IOException {
        Token t = bearer(ex);
        if (t == null || t.cardId() == null) {
            ex.getResponseHeaders().set("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            SimHttp.send(ex, 401, "{\"error\":\"invalid_token\"}");
            return;
        }
        Card card = cards.get(t.cardId());
        StringBuilder b = new StringBuilder("{\"sub\":" + SimHttp.q(sub(t.clientId(), card)));
        personal(b, card, t.scope());
        SimHttp.send(ex, 200, b.append('}').toString());
    }

    /** The 基本4情報 the scope asks for. */
    private static void personal(StringBuilder b, Card card, String scope) {
        List<String> s = List.of(scope.split(" "));
        if (s.contains("name")) {
            b.append(",\"name\":").append(SimHttp.q(card.name()));
        }
        if (s.contains("address")) {
            b.append(",\"address\":{\"formatted\":").append(SimHttp.q(card.address())).append('}');
        }
        if (s.contains("birthdate")) {
            b.append(",\"birthdate\":").append(SimHttp.q(card.birthdate()));
        }
        if (s.contains("gender")) {
            b.append(",\"gender\":").append(SimHttp.q(card.gender()));
        }
    }

    /** A pairwise subject: the same card is a different sub for each client. */
    private static String sub(String clientId, Card card) {
        try {
            return b64u(MessageDigest.getInstance("SHA-256").digest((clientId + "|" + card.id()).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code private_key_jwt}: a JWT signed ES256 with the client's registered key, {@code iss} = {@code sub} = the
     * client, {@code aud} the token endpoint (or the issuer), not expired, its {@code jti} never seen before.
     */
    private String authenticate(Map<String, String> f) {
        if (!"urn:ietf:params:oauth:client-assertion-type:jwt-bearer".equals(f.get("client_assertion_type"))) {
            return null;
        }
        String[] parts = f.getOrDefault("client_assertion", "").split("\\.");
        if (parts.length != 3) {
            return null;
        }
        try {
            String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
            String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
            String clientId = SimHttp.str(payload, "iss");
            Properties client = client(clientId);
            if (client == null || !"ES256".equals(SimHttp.str(header, "alg")) || !clientId.equals(SimHttp.str(payload, "sub"))
                    || (f.get("client_id") != null && !clientId.equals(f.get("client_id")))) {
                return null;
            }
            String aud = SimHttp.str(payload, "aud");
            if (aud == null && payload.contains("\"aud\"")) {
                aud = payload.contains(SimHttp.q(issuer + "/token")) ? issuer + "/token" : null;
            }
            Long exp = longField(payload, "exp");
            String jti = SimHttp.str(payload, "jti");
            long now = Instant.now().getEpochSecond();
            if (!(issuer + "/token").equals(aud) && !issuer.equals(aud) || exp == null || exp < now || exp > now + 600
                    || jti == null) {
                return null;
            }
            PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(
                    Base64.getDecoder().decode(client.getProperty("publicKey", "").strip())));
            Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
            s.initVerify(key);
            s.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!s.verify(Base64.getUrlDecoder().decode(parts[2]))) {
                return null;
            }
            assertionIds.values().removeIf(t -> t < now);
            return assertionIds.putIfAbsent(clientId + "|" + jti, exp) == null ? clientId : null;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------- signing

    private void createTransaction(HttpExchange ex) throws IOException {
        Token t = bearer(ex);
        if (t == null || t.cardId() != null) {
            SimHttp.send(ex, 401, "{\"error\":\"invalid_token\"}");
            return;
        }
        String body = SimHttp.body(ex);
        String digest = SimHttp.str(body, "digest");
        String alg = SimHttp.str(body, "hashAlgorithm");
        byte[] d;
        try {
            d = digest == null ? null : Base64.getDecoder().decode(digest);
        } catch (IllegalArgumentException e) {
            d = null;
        }
        if (d == null || d.length != 32 || (alg != null && !"SHA-256".equals(alg))) {
            SimHttp.send(ex, 400, "{\"error\":\"invalid_request\",\"error_description\":\"digest must be the base64 of a "
                    + "SHA-256 hash (32 bytes)\"}");
            return;
        }
        Transaction txn = new Transaction(random(), t.clientId(), d);
        transactions.put(txn.id, txn);
        SimHttp.send(ex, 201, "{\"id\":" + SimHttp.q(txn.id) + ",\"status\":\"PENDING\",\"hashAlgorithm\":\"SHA-256\","
                + "\"digest\":" + SimHttp.q(digest) + "}");
    }

    private void result(HttpExchange ex, String id) throws IOException {
        Token t = bearer(ex);
        Transaction txn = transactions.get(id);
        if (t == null || txn == null || !id.equals(t.transactionId()) || !txn.clientId.equals(t.clientId())) {
            SimHttp.send(ex, 401, "{\"error\":\"invalid_token\"}");
            return;
        }
        if (txn.signature == null) {
            SimHttp.send(ex, 409, "{\"status\":\"PENDING\"}");
            return;
        }
        Card card = cards.get(txn.cardId);
        SimHttp.send(ex, 200, "{\"id\":" + SimHttp.q(id) + ",\"status\":\"SIGNED\",\"hashAlgorithm\":\"SHA-256\",\"digest\":"
                + SimHttp.q(Base64.getEncoder().encodeToString(txn.digest)) + ",\"signatureAlgorithm\":\"SHA256withRSA\","
                + "\"signature\":" + SimHttp.q(Base64.getEncoder().encodeToString(txn.signature)) + ",\"certificate\":"
                + SimHttp.q(Base64.getEncoder().encodeToString(card.certificate())) + "}");
    }

    // ---------------------------------------------------------------- cards and certificates

    private Card card(String id, String name, String address, String birthdate, String gender)
            throws GeneralSecurityException {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPair kp = rsa.generateKeyPair();
        Map<String, String> basic = new LinkedHashMap<>();
        basic.put(OID_NAME, name);
        basic.put(OID_GENDER, gender);
        basic.put(OID_BIRTHDATE, birthdate.replace("-", ""));
        basic.put(OID_ADDRESS, address);
        byte[] cert = certificate(kp.getPublic(), null, basic, BigInteger.valueOf(serial.incrementAndGet()));
        Card c = new Card(id, name, address, birthdate, gender, "1234", "sign1234", kp, cert);
        cards.put(id, c);
        return c;
    }

    private void addCard(HttpExchange ex) throws IOException, GeneralSecurityException {
        String body = SimHttp.body(ex);
        String id = SimHttp.str(body, "id");
        String name = SimHttp.str(body, "name");
        String birthdate = SimHttp.str(body, "birthdate");
        if (blank(id) || blank(name) || birthdate == null || !birthdate.matches("\\d{4}-\\d{2}-\\d{2}")) {
            SimHttp.send(ex, 400, "{\"error\":\"id, name and birthdate (YYYY-MM-DD) are required\"}");
            return;
        }
        String address = SimHttp.str(body, "address");
        String gender = SimHttp.str(body, "gender");
        card(id, name, address == null ? "" : address, birthdate, gender == null ? "9" : gender);
        SimHttp.send(ex, 201, "{\"id\":" + SimHttp.q(id) + "}");
    }

    // JPKI's extensions for the 基本4情報 in the 署名用電子証明書 (see README: the exact encoding is an assumption)
    static final String OID_NAME = "1.2.392.200149.8.5.5.1";
    static final String OID_GENDER = "1.2.392.200149.8.5.5.3";
    static final String OID_BIRTHDATE = "1.2.392.200149.8.5.5.4";
    static final String OID_ADDRESS = "1.2.392.200149.8.5.5.5";

    /**
     * An X.509 v3 certificate signed SHA256withRSA by the simulated CA: for the CA itself ({@code caName}, self-signed)
     * or for a card (subject CN = the certificate's serial, the 基本4情報 as non-critical UTF8String extensions).
     */
    private byte[] certificate(PublicKey key, String caName, Map<String, String> basic, BigInteger number)
            throws GeneralSecurityException {
        byte[] alg = Der.seq(Der.oid("1.2.840.113549.1.1.11"), Der.tlv(0x05, new byte[0]));
        byte[] issuerName = Der.name("JPKI Simulated Signature CA");
        Instant now = Instant.now();
        byte[] validity = Der.seq(Der.time(now.minusSeconds(86_400)), Der.time(now.plusSeconds(5L * 365 * 86_400)));
        List<byte[]> ext = new ArrayList<>();
        if (caName != null) {
            // basicConstraints cA=true, critical
            ext.add(Der.seq(Der.oid("2.5.29.19"), Der.tlv(0x01, new byte[] {(byte) 0xff}),
                    Der.tlv(0x04, Der.seq(Der.tlv(0x01, new byte[] {(byte) 0xff})))));
        }
        basic.forEach((oid, value) -> ext.add(Der.seq(Der.oid(oid), Der.tlv(0x04, Der.tlv(0x0c,
                value.getBytes(StandardCharsets.UTF_8))))));
        byte[] tbs = Der.seq(Der.tlv(0xa0, Der.tlv(0x02, new byte[] {2})), Der.tlv(0x02, number.toByteArray()), alg,
                issuerName, validity, caName != null ? issuerName : Der.name("JPKI-SIM-" + number),
                key.getEncoded(), Der.tlv(0xa3, Der.seq(ext.toArray(byte[][]::new))));
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(caKey.getPrivate());
        s.update(tbs);
        return Der.seq(tbs, alg, Der.tlv(0x03, concat(new byte[] {0}, s.sign())));
    }

    /** The CA's key, kept in the directory so that a restart keeps the trust anchor Kyodo was given. */
    private static KeyPair caKey(Path dir) throws IOException, GeneralSecurityException {
        Path file = dir.resolve("jpki-ca.key");
        Path pub = dir.resolve("jpki-ca.pub");
        KeyFactory rsa = KeyFactory.getInstance("RSA");
        if (Files.exists(file) && Files.exists(pub)) {
            return new KeyPair(rsa.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(Files.readString(pub).strip()))),
                    rsa.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(Files.readString(file).strip()))));
        }
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair kp = g.generateKeyPair();
        Files.writeString(file, Base64.getEncoder().encodeToString(kp.getPrivate().getEncoded()));
        Files.writeString(pub, Base64.getEncoder().encodeToString(kp.getPublic().getEncoded()));
        return kp;
    }

    /** A minimal DER writer: enough for one certificate layout. */
    static final class Der {
        private Der() {
        }

        static byte[] tlv(int tag, byte[] value) {
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            o.write(tag);
            int n = value.length;
            if (n < 0x80) {
                o.write(n);
            } else if (n < 0x100) {
                o.write(0x81);
                o.write(n);
            } else if (n < 0x10000) {
                o.write(0x82);
                o.write(n >> 8);
                o.write(n);
            } else {
                o.write(0x83);
                o.write(n >> 16);
                o.write(n >> 8);
                o.write(n);
            }
            o.writeBytes(value);
            return o.toByteArray();
        }

        static byte[] seq(byte[]... parts) {
            return tlv(0x30, concat(parts));
        }

        static byte[] oid(String dotted) {
            String[] p = dotted.split("\\.");
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            o.write(Integer.parseInt(p[0]) * 40 + Integer.parseInt(p[1]));
            for (int i = 2; i < p.length; i++) {
                long v = Long.parseLong(p[i]);
                int len = 0;
                byte[] tmp = new byte[10];
                do {
                    tmp[len++] = (byte) (v & 0x7f);
                    v >>= 7;
                } while (v > 0);
                for (int j = len - 1; j >= 0; j--) {
                    o.write(tmp[j] | (j > 0 ? 0x80 : 0));
                }
            }
            return tlv(0x06, o.toByteArray());
        }

        static byte[] name(String cn) {
            return seq(tlv(0x31, seq(oid("2.5.4.6"), tlv(0x13, "JP".getBytes(StandardCharsets.US_ASCII)))),
                    tlv(0x31, seq(oid("2.5.4.3"), tlv(0x0c, cn.getBytes(StandardCharsets.UTF_8)))));
        }

        static byte[] time(Instant t) {
            return tlv(0x17, DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC).format(t)
                    .getBytes(StandardCharsets.US_ASCII));
        }
    }

    // ---------------------------------------------------------------- helpers

    private Properties client(String clientId) {
        if (clientId == null || !clientId.matches("[A-Za-z0-9._-]{1,64}")) {
            return null;
        }
        Path file = dir.resolve("clients").resolve(clientId + ".properties");
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
            return p;
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean redirectAllowed(Properties client, String redirect) {
        for (String pattern : client.getProperty("redirectUris", "").split(",")) {
            String regex = ("\\Q" + pattern.strip() + "\\E").replace("*", "\\E[^/?#]+\\Q");
            if (!pattern.isBlank() && redirect.matches(regex)) {
                return true;
            }
        }
        return false;
    }

    private Token bearer(HttpExchange ex) {
        String h = ex.getRequestHeaders().getFirst("Authorization");
        Token t = h == null || !h.startsWith("Bearer ") ? null : tokens.get(h.substring(7).strip());
        return t == null || t.expires() < System.currentTimeMillis() ? null : t;
    }

    private String jwt(String claims) throws GeneralSecurityException {
        String head = b64u(("{\"alg\":\"ES256\",\"typ\":\"JWT\",\"kid\":" + SimHttp.q(keyId) + "}").getBytes(StandardCharsets.UTF_8));
        String body = b64u(claims.getBytes(StandardCharsets.UTF_8));
        Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
        s.initSign(idTokenKey.getPrivate());
        s.update((head + "." + body).getBytes(StandardCharsets.US_ASCII));
        return head + "." + body + "." + b64u(s.sign());
    }

    private String statsJson() {
        StringBuilder b = new StringBuilder("{");
        stats.forEach((k, v) -> b.append(b.length() > 1 ? "," : "").append(SimHttp.q(k)).append(':').append(v.get()));
        return b.append('}').toString();
    }

    private static void redirect(HttpExchange ex, String to, String query) throws IOException {
        ex.getResponseHeaders().set("Location", to + (to.contains("?") ? "&" : "?") + query);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(303, -1);
        ex.close();
    }

    private static void page(HttpExchange ex, int status, String title, String body) throws IOException {
        byte[] b = ("<!DOCTYPE html><html lang=\"ja\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                + "content=\"width=device-width, initial-scale=1\"><title>" + html(title) + " — デジタル認証アプリ（シミュレーター）"
                + "</title></head><body><main><h1>" + html(title) + "</h1>" + body + "</main></body></html>")
                .getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(b);
        }
        ex.close();
    }


    private static Long longField(String json, String field) {
        var m = java.util.regex.Pattern.compile("\"" + field + "\"\\s*:\\s*(\\d+)").matcher(json);
        return m.find() ? Long.valueOf(m.group(1)) : null;
    }

    static String html(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String random() {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        return b64u(b);
    }

    static String b64u(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static byte[] unsigned(BigInteger v) {
        byte[] b = v.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(b.length, 32);
        System.arraycopy(b, b.length - n, out, 32 - n, n);
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            o.writeBytes(p);
        }
        return o.toByteArray();
    }

    private static byte[] hex(String s) {
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    private static String hexOf(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(String.format("%02x", x));
        }
        return s.toString();
    }
}
