package jp.kyodo.crm.applications.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Kyodo as a client of the デジタル認証アプリ for the signing flow: a client-credentials token, a sign transaction
 * with the document's digest, the authorization URL ({@code scope=openid sign}, PKCE S256), the code exchange and the
 * transaction's result (signature and certificate). The client authenticates with {@code private_key_jwt} (ES256,
 * the key in {@code kyodo.digital-auth.client-key-file}, PKCS#8, its public half registered with the partner).
 * Operator settings, not a city's: the endpoint is never taken from a request.
 */
@ApplicationScoped
public class DigitalAuthClient {

    /** The partner cannot be reached or answered something unusable. */
    public static final class Unavailable extends RuntimeException {
        public Unavailable(String why) {
            super(why);
        }
    }

    /** What the partner says was signed. */
    public record Result(byte[] digest, byte[] signature, byte[] certificate) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Inject
    @ConfigProperty(name = "kyodo.digital-auth.url", defaultValue = " ")
    String url;
    @Inject
    @ConfigProperty(name = "kyodo.digital-auth.client-id", defaultValue = "kyodo")
    String clientId;
    @Inject
    @ConfigProperty(name = "kyodo.digital-auth.client-key-file", defaultValue = " ")
    String keyFile;
    @Inject
    @ConfigProperty(name = "kyodo.digital-auth.trust-anchor-file", defaultValue = " ")
    String trustAnchorFile;

    public boolean configured() {
        return !url.isBlank() && !keyFile.isBlank() && !trustAnchorFile.isBlank();
    }

    /** Creates a sign transaction for a SHA-256 digest; answers its id. */
    public String createTransaction(byte[] digest) {
        JsonObject token = post("/token", form(Map.of("grant_type", "client_credentials", "scope", "sign-transaction")));
        String at = token.getString("access_token", null);
        JsonObject txn = send(HttpRequest.newBuilder(endpoint("/api/sign-transactions")).header("Authorization", "Bearer " + at)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(Json.createObjectBuilder()
                        .add("hashAlgorithm", "SHA-256").add("digest", Base64.getEncoder().encodeToString(digest)).build()
                        .toString())), 201);
        return txn.getString("id");
    }

    public URI authorize(String transactionId, String redirectUri, String state, String nonce, String challenge) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("response_type", "code");
        q.put("client_id", clientId);
        q.put("redirect_uri", redirectUri);
        q.put("scope", "openid sign");
        q.put("state", state);
        q.put("nonce", nonce);
        q.put("code_challenge", challenge);
        q.put("code_challenge_method", "S256");
        q.put("sign_transaction_id", transactionId);
        return endpoint("/authorize?" + query(q));
    }

    /** Exchanges the authorization code (with the PKCE verifier); answers the access token. */
    public String exchange(String code, String verifier, String redirectUri) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("grant_type", "authorization_code");
        f.put("code", code == null ? "" : code);
        f.put("redirect_uri", redirectUri);
        f.put("code_verifier", verifier);
        String at = post("/token", form(f)).getString("access_token", null);
        if (at == null) {
            throw new Unavailable("no access token");
        }
        return at;
    }

    public Result result(String transactionId, String accessToken) {
        JsonObject r = send(HttpRequest.newBuilder(endpoint("/api/sign-transactions/" + URLEncoder.encode(transactionId,
                StandardCharsets.UTF_8) + "/result")).header("Authorization", "Bearer " + accessToken).GET(), 200);
        try {
            Base64.Decoder d = Base64.getDecoder();
            return new Result(d.decode(r.getString("digest")), d.decode(r.getString("signature")),
                    d.decode(r.getString("certificate")));
        } catch (RuntimeException e) {
            throw new Unavailable("an unusable sign result");
        }
    }

    /** The CA that issues the 署名用電子証明書 (read each time: an operator may replace the file). */
    public X509Certificate trustAnchor() {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(Files.readAllBytes(Path.of(trustAnchorFile.strip()))));
        } catch (IOException | GeneralSecurityException e) {
            throw new Unavailable("the trust anchor (kyodo.digital-auth.trust-anchor-file) cannot be read");
        }
    }

    public static String random() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    public static String challenge(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- private_key_jwt

    private String assertion() {
        try {
            String pem = Files.readString(Path.of(keyFile.strip())).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
            long now = Instant.now().getEpochSecond();
            Base64.Encoder e = Base64.getUrlEncoder().withoutPadding();
            String head = e.encodeToString("{\"alg\":\"ES256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
            String body = e.encodeToString(Json.createObjectBuilder().add("iss", clientId).add("sub", clientId)
                    .add("aud", base() + "/token").add("jti", UUID.randomUUID().toString()).add("iat", now).add("exp", now + 60)
                    .build().toString().getBytes(StandardCharsets.UTF_8));
            Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
            s.initSign(key);
            s.update((head + "." + body).getBytes(StandardCharsets.US_ASCII));
            return head + "." + body + "." + e.encodeToString(s.sign());
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new Unavailable("the client key (kyodo.digital-auth.client-key-file) cannot be used");
        }
    }

    private String form(Map<String, String> fields) {
        Map<String, String> f = new LinkedHashMap<>(fields);
        f.put("client_id", clientId);
        f.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        f.put("client_assertion", assertion());
        return query(f);
    }

    private JsonObject post(String path, String form) {
        return send(HttpRequest.newBuilder(endpoint(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)), 200);
    }

    private JsonObject send(HttpRequest.Builder b, int expected) {
        if (!configured()) {
            throw new Unavailable("the デジタル認証アプリ is not configured (kyodo.digital-auth.*)");
        }
        try {
            HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != expected) {
                throw new Unavailable("the デジタル認証アプリ answered " + r.statusCode());
            }
            return Json.createReader(new StringReader(r.body())).readObject();
        } catch (IOException | RuntimeException e) {
            if (e instanceof Unavailable u) {
                throw u;
            }
            throw new Unavailable("the デジタル認証アプリ cannot be reached");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted");
        }
    }

    private String base() {
        String b = url.strip();
        return b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    }

    private URI endpoint(String path) {
        return URI.create(base() + path);
    }

    private static String query(Map<String, String> q) {
        return q.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }
}
