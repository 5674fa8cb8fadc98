package jp.kyodo.simulators;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * GビズID (the national sign-in for businesses) as an OpenID Connect provider: discovery, authorization code flow with a
 * login page for its demo accounts (no JavaScript), {@code client_secret_basic} at the token endpoint, an RS256 ID token
 * that carries no personal data (sub and the standard claims only), JWKS, and userinfo returning attributes by scope
 * ({@code profile}: the business — account_type, corp_type, corporate_number, name, address …; {@code user}: the person;
 * {@code email}). Test controls under {@code /_sim/}. See README.md for what is published and what is assumed.
 *
 * <p>Usage: {@code java -cp target/classes jp.kyodo.simulators.GbizIdSimulator [port] [client-id] [client-secret]
 * [issuer]} (defaults 7065, {@code kyodo}, {@code sim-gbizid-secret}, {@code http://127.0.0.1:<port>/oauth/}).
 */
public final class GbizIdSimulator {

    /** A GビズID account: the login id (an e-mail address at GビズID), its password, and its attributes. */
    record Account(String loginId, String password, String sub, String accountType, String corpType,
                   String corporateNumber, String corpName, String corpNameEn, String prefecture, String address1,
                   String address2, String representative, String userName, String userNameKana, String department,
                   String phone, String email) {
    }

    /** An issued authorization code (single use, 60 s). */
    record Grant(String code, Account account, String clientId, String redirectUri, Set<String> scopes, String nonce,
                 String codeChallenge, long authTime, long expiresAt) {
    }

    /** An issued access token (3600 s) for userinfo. */
    record Issued(Account account, Set<String> scopes, long expiresAt) {
    }

    static final String DEMO_PASSWORD = "sim-password";
    static final Set<String> SCOPES = Set.of("openid", "profile", "user", "email", "offline_access");

    private final String clientId;
    private volatile String clientSecret;
    private final String issuer;
    private final KeyPair keys;
    private final String kid;
    /** A second key pair, published nowhere: mode {@code foreign-key} signs with it. */
    private final KeyPair foreignKeys;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Account> accounts = new ConcurrentHashMap<>();
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final Map<String, Issued> tokens = new ConcurrentHashMap<>();
    /** {@code normal}, {@code tamper-id-token} (payload changed after signing), {@code foreign-key}, {@code wrong-issuer}. */
    private volatile String mode = "normal";
    private final AtomicLong logins = new AtomicLong();
    private final AtomicLong tokensIssued = new AtomicLong();
    private final AtomicLong clientRefusals = new AtomicLong();
    private final AtomicLong userinfoServed = new AtomicLong();

    GbizIdSimulator(String clientId, String clientSecret, String issuer) throws GeneralSecurityException {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.issuer = issuer;
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        this.keys = g.generateKeyPair();
        this.foreignKeys = g.generateKeyPair();
        this.kid = "sim-" + Long.toHexString(random.nextLong() & Long.MAX_VALUE);
        // demo accounts: one business with a プライム (its representative) and a メンバー account, and a sole proprietor
        String corp = withCheckDigit("700110005901"); // a made-up 法人番号 body; the first digit is its check digit
        add(new Account("prime@kyodo-shoji.example", DEMO_PASSWORD, newSub(), "2", "1", corp, "共同商事株式会社",
                "Kyodo Shoji Co., Ltd.", "兵庫県", "尼崎市東七松町1丁目23番1号", "共同ビル3階", "共同 一郎", "共同 一郎",
                "キョウドウ イチロウ", "総務部", "06-0000-0001", "prime@kyodo-shoji.example"));
        add(new Account("member@kyodo-shoji.example", DEMO_PASSWORD, newSub(), "3", "1", corp, "共同商事株式会社",
                "Kyodo Shoji Co., Ltd.", "兵庫県", "尼崎市東七松町1丁目23番1号", "共同ビル3階", "共同 一郎", "協働 花子",
                "キョウドウ ハナコ", "経理部", "06-0000-0002", "member@kyodo-shoji.example"));
        add(new Account("entry@yamada-design.example", DEMO_PASSWORD, newSub(), "1", "2", "", "山田デザイン事務所",
                "Yamada Design", "東京都", "武蔵野市緑町2丁目2番28号", "", "山田 太郎", "山田 太郎", "ヤマダ タロウ", "",
                "0422-00-0003", "entry@yamada-design.example"));
    }

    public static void main(String[] args) throws Exception {
        int port = SimHttp.port(args, 7065);
        String id = args.length > 1 ? args[1] : "kyodo";
        String secret = args.length > 2 ? args[2] : "sim-gbizid-secret";
        String issuer = args.length > 3 ? args[3] : "http://127.0.0.1:" + port + "/oauth/";
        var sim = new GbizIdSimulator(id, secret, issuer);
        HttpServer server = SimHttp.loopback(port);
        server.createContext("/", sim::handle);
        server.start();
        System.out.println("GビズID simulator on 127.0.0.1:" + port + " (issuer " + issuer + ", client " + id + ")");
    }

    private void add(Account a) {
        accounts.put(a.loginId(), a);
    }

    private String newSub() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return java.util.HexFormat.of().formatHex(b);
    }

    /** 法人番号: 12 digits and a leading check digit, 9 − (Σ digit × (1 or 2, from the right) mod 9). */
    static String withCheckDigit(String body12) {
        int sum = 0;
        for (int i = 0; i < 12; i++) {
            int digit = body12.charAt(11 - i) - '0';
            sum += digit * ((i % 2 == 0) ? 1 : 2);
        }
        return (9 - sum % 9) + body12;
    }

    /** The path under the issuer ({@code /oauth/}), whatever host the issuer names. */
    private String base() {
        String p = java.net.URI.create(issuer).getPath();
        return p.endsWith("/") ? p : p + "/";
    }

    void handle(HttpExchange ex) throws IOException {
        try {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            String b = base();
            if (path.startsWith("/_sim/")) {
                control(ex, path, method);
            } else if (path.equals(b + ".well-known/openid-configuration")
                    || path.equals(b.substring(0, b.length() - 1) + "/.well-known/openid-configuration")) {
                SimHttp.send(ex, 200, discovery());
            } else if (path.equals(b + "authorize") && method.equals("GET")) {
                authorizePage(ex, SimHttp.query(ex));
            } else if (path.equals(b + "authorize") && method.equals("POST")) {
                login(ex, SimHttp.form(SimHttp.body(ex)));
            } else if (path.equals(b + "token") && method.equals("POST")) {
                token(ex);
            } else if (path.equals(b + "userinfo") && (method.equals("GET") || method.equals("POST"))) {
                userinfo(ex);
            } else if (path.equals(b + "jwks") && method.equals("GET")) {
                SimHttp.send(ex, 200, jwks());
            } else {
                SimHttp.send(ex, 404, "{\"error\":\"not_found\"}");
            }
        } catch (RuntimeException | GeneralSecurityException e) {
            SimHttp.send(ex, 500, "{\"error\":\"server_error\"}");
        }
    }

    private String discovery() {
        String host = issuer.endsWith("/") ? issuer : issuer + "/";
        return "{\"issuer\":" + SimHttp.q(issuer) + ",\"authorization_endpoint\":" + SimHttp.q(host + "authorize")
                + ",\"token_endpoint\":" + SimHttp.q(host + "token") + ",\"userinfo_endpoint\":" + SimHttp.q(host + "userinfo")
                + ",\"jwks_uri\":" + SimHttp.q(host + "jwks") + ",\"response_types_supported\":[\"code\"],"
                + "\"grant_types_supported\":[\"authorization_code\"],\"subject_types_supported\":[\"public\"],"
                + "\"id_token_signing_alg_values_supported\":[\"RS256\"],"
                + "\"token_endpoint_auth_methods_supported\":[\"client_secret_basic\"],"
                + "\"scopes_supported\":[\"openid\",\"profile\",\"user\",\"email\",\"offline_access\"],"
                + "\"code_challenge_methods_supported\":[\"S256\"],"
                + "\"claims_supported\":[\"sub\",\"iss\",\"aud\",\"exp\",\"iat\",\"auth_time\",\"nonce\",\"jti\","
                + "\"account_type\",\"corp_type\",\"corporate_number\",\"name\",\"en_name\",\"prefecture_name\","
                + "\"address1\",\"address2\",\"rep_name\",\"user_name\",\"user_name_kana\",\"user_department\","
                + "\"user_tel_no\",\"email\"]}";
    }

    // ------------------------------------------------------------------ authorization endpoint

    /** What the authorization request must carry; null when fine, else the reason. */
    private String invalidRequest(Map<String, String> p) {
        if (!clientId.equals(p.get("client_id"))) {
            return "unknown client_id";
        }
        String redirect = p.get("redirect_uri");
        if (redirect == null || !allowedRedirect(redirect)) {
            return "redirect_uri is not registered";
        }
        return null;
    }

    /** Registered redirect URIs (assumption): Keycloak's broker endpoint on a loopback host. */
    static boolean allowedRedirect(String uri) {
        return uri.matches("https?://(localhost|127\\.0\\.0\\.1)(:\\d+)?/realms/[A-Za-z0-9._-]+/broker/[A-Za-z0-9._-]+/endpoint");
    }

    private void authorizePage(HttpExchange ex, Map<String, String> p) throws IOException {
        if (refused(ex, p)) {
            return;
        }
        html(ex, 200, loginPage(p, null));
    }

    /**
     * Answers a bad authorization request and says so: an unknown client or unregistered redirect URI on an error page
     * here (never redirected to), any other error to the client's redirect URI.
     */
    private boolean refused(HttpExchange ex, Map<String, String> p) throws IOException {
        String bad = invalidRequest(p);
        if (bad != null) {
            html(ex, 400, page("エラー", fill("error.html", Map.of("message", bad))));
            return true;
        }
        String error = authError(p);
        if (error != null) {
            redirect(ex, p.get("redirect_uri"), Map.of("error", error, "state", p.getOrDefault("state", "")));
            return true;
        }
        return false;
    }

    /** An OAuth error for a well-addressed but wrong request (answered to the client), or null. */
    private static String authError(Map<String, String> p) {
        if (!"code".equals(p.get("response_type"))) {
            return "unsupported_response_type";
        }
        String scope = p.get("scope");
        if (scope == null || !List.of(scope.split(" ")).contains("openid")) {
            return "invalid_scope";
        }
        for (String s : scope.split(" ")) {
            if (!s.isBlank() && !SCOPES.contains(s)) {
                return "invalid_scope";
            }
        }
        if (p.get("code_challenge") != null && !"S256".equals(p.get("code_challenge_method"))) {
            return "invalid_request";
        }
        return null;
    }

    private static final List<String> CARRIED = List.of("response_type", "client_id", "redirect_uri", "scope", "state",
            "nonce", "code_challenge", "code_challenge_method");

    private String loginPage(Map<String, String> p, String error) {
        StringBuilder hidden = new StringBuilder();
        for (String k : CARRIED) {
            if (p.get(k) != null) {
                hidden.append(fill("hidden.html", Map.of("name", k, "value", p.get(k))));
            }
        }
        return page("GビズID ログイン（シミュレーター）", fill("login.html", Map.of(
                "error", error == null ? "" : fill("error.html", Map.of("message", error)), "action", base() + "authorize",
                "hidden", hidden.toString(), "password", DEMO_PASSWORD,
                "accounts", String.join("、", accounts.keySet().stream().sorted().toList()))));
    }

    private void login(HttpExchange ex, Map<String, String> p) throws IOException {
        if (refused(ex, p)) {
            return;
        }
        Account a = accounts.get(p.getOrDefault("login_id", "").strip());
        if (a == null || !MessageDigest.isEqual(a.password().getBytes(StandardCharsets.UTF_8),
                p.getOrDefault("password", "").getBytes(StandardCharsets.UTF_8))) {
            html(ex, 200, loginPage(p, "アカウントIDまたはパスワードが正しくありません。"));
            return;
        }
        logins.incrementAndGet();
        String code = token(24);
        long now = Instant.now().getEpochSecond();
        codes.put(code, new Grant(code, a, p.get("client_id"), p.get("redirect_uri"),
                Set.of(p.get("scope").split(" ")), p.get("nonce"), p.get("code_challenge"), now, now + 60));
        Map<String, String> q = new LinkedHashMap<>();
        q.put("code", code);
        if (p.get("state") != null) {
            q.put("state", p.get("state"));
        }
        redirect(ex, p.get("redirect_uri"), q);
    }

    // ------------------------------------------------------------------ token endpoint

    private void token(HttpExchange ex) throws IOException, GeneralSecurityException {
        Map<String, String> p = SimHttp.form(SimHttp.body(ex));
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (!clientAuthenticated(auth)) {
            clientRefusals.incrementAndGet();
            ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"gbizid\"");
            SimHttp.send(ex, 401, "{\"error\":\"invalid_client\",\"error_description\":\"client authentication failed"
                    + " (client_secret_basic required)\"}");
            return;
        }
        if (!"authorization_code".equals(p.get("grant_type"))) {
            SimHttp.send(ex, 400, "{\"error\":\"unsupported_grant_type\"}");
            return;
        }
        Grant g = p.get("code") == null ? null : codes.remove(p.get("code")); // single use
        long now = Instant.now().getEpochSecond();
        if (g == null || g.expiresAt() < now || !g.redirectUri().equals(p.get("redirect_uri"))) {
            SimHttp.send(ex, 400, "{\"error\":\"invalid_grant\"}");
            return;
        }
        if (g.codeChallenge() != null) {
            String verifier = p.get("code_verifier");
            if (verifier == null || !g.codeChallenge().equals(b64(MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII))))) {
                SimHttp.send(ex, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"PKCE verification failed\"}");
                return;
            }
        }
        String access = token(32);
        tokens.put(access, new Issued(g.account(), g.scopes(), now + 3600));
        tokensIssued.incrementAndGet();
        SimHttp.send(ex, 200, "{\"access_token\":" + SimHttp.q(access) + ",\"token_type\":\"Bearer\",\"expires_in\":3600,"
                + "\"scope\":" + SimHttp.q(String.join(" ", g.scopes())) + ",\"id_token\":" + SimHttp.q(idToken(g, now)) + "}");
    }

    private boolean clientAuthenticated(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return false;
        }
        // RFC 6749 2.3.1: id and secret are form-urlencoded before Basic encoding
        String id = java.net.URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
        String secret = java.net.URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
        return clientId.equals(id) && MessageDigest.isEqual(clientSecret.getBytes(StandardCharsets.UTF_8),
                secret.getBytes(StandardCharsets.UTF_8));
    }

    /** The ID token: no personal data, only who (sub) and the standard claims. */
    private String idToken(Grant g, long now) throws GeneralSecurityException {
        String iss = "wrong-issuer".equals(mode) ? "http://127.0.0.1:1/not-gbizid/" : issuer;
        StringBuilder payload = new StringBuilder("{\"iss\":" + SimHttp.q(iss) + ",\"sub\":" + SimHttp.q(g.account().sub())
                + ",\"aud\":" + SimHttp.q(g.clientId()) + ",\"exp\":" + (now + 3600) + ",\"iat\":" + now
                + ",\"auth_time\":" + g.authTime() + ",\"jti\":" + SimHttp.q(token(16)));
        if (g.nonce() != null) {
            payload.append(",\"nonce\":").append(SimHttp.q(g.nonce()));
        }
        payload.append('}');
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":" + SimHttp.q(kid) + "}";
        String input = b64(header.getBytes(StandardCharsets.UTF_8)) + "." + b64(payload.toString().getBytes(StandardCharsets.UTF_8));
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign("foreign-key".equals(mode) ? foreignKeys.getPrivate() : keys.getPrivate());
        s.update(input.getBytes(StandardCharsets.US_ASCII));
        String signature = b64(s.sign());
        if ("tamper-id-token".equals(mode)) {
            // signed, then changed on the way: another subject in the payload
            String forged = payload.toString().replace(g.account().sub(), newSub());
            input = b64(header.getBytes(StandardCharsets.UTF_8)) + "." + b64(forged.getBytes(StandardCharsets.UTF_8));
        }
        return input + "." + signature;
    }

    private String jwks() {
        RSAPublicKey pub = (RSAPublicKey) keys.getPublic();
        return "{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":" + SimHttp.q(kid) + ",\"n\":"
                + SimHttp.q(b64(unsigned(pub.getModulus()))) + ",\"e\":" + SimHttp.q(b64(unsigned(pub.getPublicExponent())))
                + "}]}";
    }

    private static byte[] unsigned(BigInteger v) {
        byte[] b = v.toByteArray();
        return b.length > 1 && b[0] == 0 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
    }

    // ------------------------------------------------------------------ userinfo

    private void userinfo(HttpExchange ex) throws IOException {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        Issued t = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? tokens.get(auth.substring(7).strip()) : null;
        if (t == null || t.expiresAt() < Instant.now().getEpochSecond()) {
            ex.getResponseHeaders().set("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            SimHttp.send(ex, 401, "{\"error\":\"invalid_token\"}");
            return;
        }
        userinfoServed.incrementAndGet();
        SimHttp.send(ex, 200, claims(t.account(), t.scopes()));
    }

    /** The attributes a scope releases: {@code profile} the business, {@code user} the person, {@code email}. */
    static String claims(Account a, Set<String> scopes) {
        List<String> f = new ArrayList<>();
        f.add("\"sub\":" + SimHttp.q(a.sub()));
        if (scopes.contains("profile")) {
            f.add("\"account_type\":" + SimHttp.q(a.accountType()));
            f.add("\"corp_type\":" + SimHttp.q(a.corpType()));
            f.add("\"corporate_number\":" + SimHttp.q(a.corporateNumber()));
            f.add("\"name\":" + SimHttp.q(a.corpName()));
            f.add("\"en_name\":" + SimHttp.q(a.corpNameEn()));
            f.add("\"prefecture_name\":" + SimHttp.q(a.prefecture()));
            f.add("\"address1\":" + SimHttp.q(a.address1()));
            f.add("\"address2\":" + SimHttp.q(a.address2()));
            f.add("\"rep_name\":" + SimHttp.q(a.representative()));
        }
        if (scopes.contains("user")) {
            f.add("\"user_name\":" + SimHttp.q(a.userName()));
            f.add("\"user_name_kana\":" + SimHttp.q(a.userNameKana()));
            f.add("\"user_department\":" + SimHttp.q(a.department()));
            f.add("\"user_tel_no\":" + SimHttp.q(a.phone()));
        }
        if (scopes.contains("email")) {
            f.add("\"email\":" + SimHttp.q(a.email()));
        }
        return "{" + String.join(",", f) + "}";
    }

    // ------------------------------------------------------------------ test controls

    private void control(HttpExchange ex, String path, String method) throws IOException {
        String body = method.equals("POST") ? SimHttp.body(ex) : "";
        switch (path) {
            case "/_sim/mode" -> {
                String m = SimHttp.str(body, "mode");
                if (m == null || !Set.of("normal", "tamper-id-token", "foreign-key", "wrong-issuer").contains(m)) {
                    SimHttp.send(ex, 400, "{\"error\":\"mode must be normal, tamper-id-token, foreign-key or wrong-issuer\"}");
                    return;
                }
                mode = m;
                SimHttp.send(ex, 200, "{\"mode\":" + SimHttp.q(m) + "}");
            }
            case "/_sim/client" -> {
                String s = SimHttp.str(body, "clientSecret");
                if (s == null || s.isBlank()) {
                    SimHttp.send(ex, 400, "{\"error\":\"clientSecret required\"}");
                    return;
                }
                clientSecret = s;
                SimHttp.send(ex, 200, "{\"changed\":true}");
            }
            case "/_sim/accounts" -> {
                if (method.equals("POST")) {
                    String id = SimHttp.str(body, "loginId");
                    if (id == null || id.isBlank() || accounts.containsKey(id)) {
                        SimHttp.send(ex, 409, "{\"error\":\"loginId missing or taken\"}");
                        return;
                    }
                    String type = or(SimHttp.str(body, "accountType"), "2");
                    String corpType = or(SimHttp.str(body, "corpType"), "1");
                    String corp = or(SimHttp.str(body, "corporateNumber"), "");
                    Account a = new Account(id, or(SimHttp.str(body, "password"), DEMO_PASSWORD), newSub(), type, corpType,
                            corp, or(SimHttp.str(body, "name"), "試験株式会社"), "", or(SimHttp.str(body, "prefecture"), ""),
                            or(SimHttp.str(body, "address1"), ""), "", "", or(SimHttp.str(body, "userName"), ""), "", "", "",
                            or(SimHttp.str(body, "email"), id));
                    add(a);
                    SimHttp.send(ex, 201, "{\"loginId\":" + SimHttp.q(id) + ",\"sub\":" + SimHttp.q(a.sub()) + "}");
                } else {
                    List<String> out = new ArrayList<>();
                    accounts.values().forEach(a -> out.add("{\"loginId\":" + SimHttp.q(a.loginId()) + ",\"sub\":"
                            + SimHttp.q(a.sub()) + ",\"accountType\":" + SimHttp.q(a.accountType()) + "}"));
                    SimHttp.send(ex, 200, "{\"accounts\":[" + String.join(",", out) + "]}");
                }
            }
            case "/_sim/stats" -> SimHttp.send(ex, 200, "{\"logins\":" + logins.get() + ",\"tokens\":" + tokensIssued.get()
                    + ",\"clientRefusals\":" + clientRefusals.get() + ",\"userinfo\":" + userinfoServed.get()
                    + ",\"mode\":" + SimHttp.q(mode) + "}");
            default -> SimHttp.send(ex, 404, "{\"error\":\"not_found\"}");
        }
    }

    // ------------------------------------------------------------------ helpers

    private static String or(String v, String fallback) {
        return v == null ? fallback : v;
    }

    private String token(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return b64(b);
    }

    static String b64(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }


    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }

    private static String page(String title, String body) {
        return fill("page.html", Map.of("title", title, "body", body));
    }

    /**
     * The page templates ({@code gbizid/*.html} beside this class): {@code {{name}}} is replaced by the value escaped,
     * {@code {{{name}}}} by markup made from another template.
     */
    static String fill(String template, Map<String, String> values) {
        String text;
        try (var in = GbizIdSimulator.class.getResourceAsStream("gbizid/" + template)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        for (var e : values.entrySet()) {
            text = text.replace("{{{" + e.getKey() + "}}}", e.getValue()).replace("{{" + e.getKey() + "}}", esc(e.getValue()));
        }
        return text;
    }

    private static void html(HttpExchange ex, int status, String html) throws IOException {
        byte[] b = html.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(status, b.length);
        try (var o = ex.getResponseBody()) {
            o.write(b);
        }
        ex.close();
    }

    private static void redirect(HttpExchange ex, String to, Map<String, String> params) throws IOException {
        StringBuilder u = new StringBuilder(to);
        char sep = to.contains("?") ? '&' : '?';
        for (var e : params.entrySet()) {
            u.append(sep).append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
            sep = '&';
        }
        ex.getResponseHeaders().set("Location", u.toString());
        ex.sendResponseHeaders(302, -1);
        ex.close();
    }
}
