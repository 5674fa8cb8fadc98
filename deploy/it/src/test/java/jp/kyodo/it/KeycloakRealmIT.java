package jp.kyodo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import jp.kyodo.devstack.DevStackConfig;
import jp.kyodo.devstack.Tokens;
import org.junit.jupiter.api.Test;

/**
 * What the platform relies on from the development realm that the devstack imports into its Keycloak (the one this run's
 * {@link BackingServices} started, as {@code ./kyodo run} starts it): tokens carry the API audience and the platform
 * groups, a city member's token carries the organization claim only when the organization scope is asked for, the web
 * client takes loopback redirects on any port and nothing else, and Keycloak answers health on its management port.
 *
 * <p>Until session 21 these checks ran in the devstack module against a second Keycloak of their own, started (and
 * built) only for them: 2½ minutes of every test run. The devstack's own stop — ports released — is still checked there,
 * with PostgreSQL and the mail sink ({@code DevStackIT}).
 */
class KeycloakRealmIT {

    private static final DevStackConfig CONFIG = BackingServices.stack().map(s -> s.config())
            .orElseGet(DevStackConfig::fromEnvironment);

    @Test
    void aVendorTokenHasTheApiAudienceAndThePlatformGroup() {
        JsonObject claims = claims(Tokens.password(CONFIG, "vendor", "kyodo-demo", "openid"));
        assertTrue(values(claims.get("aud")).contains("kyodo-api"), claims::toString);
        assertEquals(List.of("vendor"), values(claims.get("groups")), claims::toString);
        assertEquals("vendor", claims.getString("upn"), claims::toString);
        assertEquals(CONFIG.issuerUrl(), claims.getString("iss"), claims::toString);

        JsonObject analyst = claims(Tokens.password(CONFIG, "analyst", "kyodo-demo", null));
        assertEquals(List.of("national-analyst"), values(analyst.get("groups")), analyst::toString);
    }

    @Test
    void keycloakAnswersHealthOnItsManagementPort() throws Exception {
        assertEquals(200, status("http://localhost:" + CONFIG.keycloakMgmtPort() + "/health/ready"));
    }

    @Test
    void theWebClientTakesLoopbackRedirectsOnAnyPortAndNothingElse() throws Exception {
        assertEquals(200, authorize("http://localhost:9080/portal/callback"));
        assertEquals(200, authorize("http://127.0.0.1:9081/x"));
        assertEquals(400, authorize("http://evil.example/callback"));
    }

    /**
     * The application's onboarding path through the realm: an organization, a user and the membership made with the
     * admin API, then the claim. A code and names of this test's own, so that no IT class's city meets them.
     */
    @Test
    void aMembersTokenCarriesTheOrganizationClaimOnlyWhenItsScopeIsAsked() throws Exception {
        String nonce = Long.toString(System.nanoTime(), 36);
        String code = "9" + (10_000 + ThreadLocalRandom.current().nextInt(89_999));
        String admin = Tokens.admin(CONFIG);
        String base = CONFIG.keycloakUrl() + "/admin/realms/" + CONFIG.keycloakRealm();
        String orgLocation = post(admin, base + "/organizations", Json.createObjectBuilder().add("name", "試験市" + nonce)
                .add("alias", code).add("enabled", true).add("attributes", Json.createObjectBuilder()
                        .add("lgCode", Json.createArrayBuilder().add(code))).build().toString());
        String orgId = orgLocation.substring(orgLocation.lastIndexOf('/') + 1);
        String username = "it-realm-" + nonce;
        String userLocation = post(admin, base + "/users", Json.createObjectBuilder().add("username", username)
                .add("enabled", true).add("email", username + "@kyodo.example").add("emailVerified", true)
                .add("firstName", "太郎").add("lastName", "試験").add("credentials", Json.createArrayBuilder()
                        .add(Json.createObjectBuilder().add("type", "password").add("value", "kyodo-demo")
                                .add("temporary", false))).build().toString());
        String userId = userLocation.substring(userLocation.lastIndexOf('/') + 1);
        post(admin, base + "/organizations/" + orgId + "/members", "\"" + userId + "\"");

        JsonObject claims = claims(Tokens.password(CONFIG, username, "kyodo-demo", "openid organization:" + code));
        JsonObject org = claims.getJsonObject("organization");
        assertTrue(org != null && org.containsKey(code), claims::toString);
        assertEquals(orgId, org.getJsonObject(code).getString("id"), claims::toString);
        assertEquals(List.of(code), values(org.getJsonObject(code).get("lgCode")), claims::toString);
        assertFalse(values(claims.get("groups")).contains("citizen"), () -> "no city role from the realm: " + claims);
        assertTrue(values(claims.get("aud")).contains("kyodo-api"), claims::toString);

        JsonObject withoutScope = claims(Tokens.password(CONFIG, username, "kyodo-demo", "openid"));
        assertFalse(withoutScope.containsKey("organization"), withoutScope::toString);
    }

    private static int authorize(String redirectUri) throws Exception {
        return status(CONFIG.issuerUrl() + "/protocol/openid-connect/auth?client_id=kyodo-web&response_type=code"
                + "&scope=openid&redirect_uri=" + URLEncoder.encode(redirectUri, StandardCharsets.UTF_8));
    }

    private static int status(String url) throws Exception {
        return Platform.HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String post(String token, String url, String json) throws Exception {
        HttpResponse<String> r = Platform.HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), () -> url + " -> " + r.body());
        return r.headers().firstValue("Location").orElse("");
    }

    private static JsonObject claims(String jwt) {
        try (var reader = Json.createReader(new StringReader(Tokens.payload(jwt)))) {
            return reader.readObject();
        }
    }

    /** A claim's values: an array's strings, or the one string. */
    private static List<String> values(JsonValue claim) {
        if (claim instanceof JsonArray a) {
            return a.stream().map(v -> v instanceof JsonString s ? s.getString() : v.toString()).toList();
        }
        return claim instanceof JsonString s ? List.of(s.getString()) : List.of();
    }
}
