package jp.kyodo.simulators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The GビズID simulator's protocol over real HTTP on loopback: what Keycloak relies on as a relying party. */
class GbizIdSimulatorTest {

    static final String REDIRECT = "http://localhost:8181/realms/kyodo/broker/gbizid/endpoint";
    static HttpServer server;
    static String base;
    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        base = "http://127.0.0.1:" + port + "/oauth/";
        var sim = new GbizIdSimulator("kyodo", "s3cret", base);
        server = SimHttp.loopback(port);
        server.createContext("/", sim::handle);
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String code(String scope, String loginId) throws Exception {
        String params = "response_type=code&client_id=kyodo&redirect_uri=" + enc(REDIRECT) + "&scope=" + enc(scope)
                + "&state=st&nonce=n-1";
        var page = send(HttpRequest.newBuilder(URI.create(base + "authorize?" + params)));
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("id=\"gbizid-login\"") && !page.body().contains("<script"), page.body());
        var wrong = send(HttpRequest.newBuilder(URI.create(base + "authorize")).header("Content-Type",
                "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(params + "&login_id="
                + enc(loginId) + "&password=nope")));
        assertEquals(200, wrong.statusCode());
        assertTrue(wrong.body().contains("login-error"), "a wrong password is shown on the page, no code");
        var ok = send(HttpRequest.newBuilder(URI.create(base + "authorize")).header("Content-Type",
                "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(params + "&login_id="
                + enc(loginId) + "&password=sim-password")));
        assertEquals(302, ok.statusCode());
        String location = ok.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith(REDIRECT + "?code=") && location.endsWith("&state=st"), location);
        return location.substring(location.indexOf("code=") + 5, location.indexOf('&'));
    }

    static HttpResponse<String> token(String code, String id, String secret) throws Exception {
        var b = HttpRequest.newBuilder(URI.create(base + "token")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&code=" + enc(code)
                        + "&redirect_uri=" + enc(REDIRECT)));
        if (id != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret)
                    .getBytes(StandardCharsets.UTF_8)));
        }
        return send(b);
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    @Test
    void codeFlowWithClientSecretBasicGivesAnIdTokenWithoutPersonalDataAndAttributesByScope() throws Exception {
        var discovery = send(HttpRequest.newBuilder(URI.create(base + ".well-known/openid-configuration")));
        assertEquals(base, field(discovery.body(), "issuer"));
        assertTrue(discovery.body().contains("\"token_endpoint_auth_methods_supported\":[\"client_secret_basic\"]"));

        String code = code("openid profile", "prime@kyodo-shoji.example");
        assertEquals(401, token(code, null, null).statusCode(), "no client authentication");
        assertEquals(401, token(code, "kyodo", "wrong").statusCode(), "a wrong client secret");
        var reply = token(code, "kyodo", "s3cret");
        assertEquals(200, reply.statusCode(), reply.body());
        assertEquals(400, token(code, "kyodo", "s3cret").statusCode(), "a code is used once");

        String idToken = field(reply.body(), "id_token");
        String[] parts = idToken.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        for (String claim : new String[] {"iss", "sub", "aud", "exp", "iat", "auth_time", "jti", "nonce"}) {
            assertTrue(payload.contains("\"" + claim + "\":"), claim + " in " + payload);
        }
        for (String personal : new String[] {"name", "corporate_number", "email", "address1", "account_type"}) {
            assertFalse(payload.contains("\"" + personal + "\""), "no personal data in the ID token: " + payload);
        }
        // the signature verifies with the published JWKS key (RS256)
        String jwks = send(HttpRequest.newBuilder(URI.create(base + "jwks"))).body();
        var key = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                new BigInteger(1, Base64.getUrlDecoder().decode(field(jwks, "n"))),
                new BigInteger(1, Base64.getUrlDecoder().decode(field(jwks, "e")))));
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initVerify(key);
        rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertTrue(rs256.verify(Base64.getUrlDecoder().decode(parts[2])));

        String access = field(reply.body(), "access_token");
        var info = send(HttpRequest.newBuilder(URI.create(base + "userinfo")).header("Authorization", "Bearer " + access));
        assertEquals("2", field(info.body(), "account_type"));
        assertEquals("8700110005901", field(info.body(), "corporate_number"));
        assertEquals("共同商事株式会社", field(info.body(), "name"));
        assertTrue(field(info.body(), "email") == null, "no e-mail without scope email: " + info.body());
        assertEquals(401, send(HttpRequest.newBuilder(URI.create(base + "userinfo"))
                .header("Authorization", "Bearer forged")).statusCode());

        String mailCode = code("openid email", "entry@yamada-design.example");
        var mail = token(mailCode, "kyodo", "s3cret");
        var mailInfo = send(HttpRequest.newBuilder(URI.create(base + "userinfo"))
                .header("Authorization", "Bearer " + field(mail.body(), "access_token")));
        assertEquals("entry@yamada-design.example", field(mailInfo.body(), "email"));
        assertTrue(field(mailInfo.body(), "corporate_number") == null, "no profile without scope profile");
    }

    @Test
    void anUnregisteredRedirectIsNeverFollowed() throws Exception {
        var r = send(HttpRequest.newBuilder(URI.create(base + "authorize?response_type=code&client_id=kyodo&scope=openid"
                + "&redirect_uri=" + enc("https://evil.example/cb"))));
        assertEquals(400, r.statusCode());
        assertTrue(r.headers().firstValue("Location").isEmpty());
    }

    @Test
    void corporateNumbersCarryTheirCheckDigit() {
        assertEquals("8700110005901", GbizIdSimulator.withCheckDigit("700110005901"));
        assertEquals("7000012050002", GbizIdSimulator.withCheckDigit("000012050002")); // 国税庁's published example
    }
}
