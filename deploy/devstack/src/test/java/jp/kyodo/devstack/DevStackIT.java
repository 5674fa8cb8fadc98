package jp.kyodo.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Starts PostgreSQL and Keycloak in a fresh data directory on non-default ports and checks what the platform relies
 * on: database roles, the realm's tokens (audience, groups, organization claim). Keycloak's installation is shared
 * between runs in target/ (system property kyodo.keycloak.home, set by the pom) so only the first run pays the build.
 */
class DevStackIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static Path dataDir;
    static DevStack stack;
    static DevStackConfig config;

    @BeforeAll
    static void start() throws Exception {
        Path parent = Paths.get(System.getProperty("kyodo.it.data.dir", "target/it-data"));
        Files.createDirectories(parent);
        dataDir = Files.createTempDirectory(parent.toAbsolutePath(), "devstack-it-");
        config = DevStackConfig.from(Map.of(
                DevStackConfig.DATA_DIR, dataDir.toString(),
                DevStackConfig.DB_PORT, "55499",
                DevStackConfig.KEYCLOAK_URL, "http://localhost:8199",
                DevStackConfig.KEYCLOAK_MGMT_PORT, "9199",
                // not the SMTP sink's default 2525: a `./kyodo run` on the same machine holds that one
                DevStackConfig.SMTP_PORT, "2599"));
        stack = DevStack.startBackingServices(config);
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
            assertTrue(Processes.isPortFree(55499), "PostgreSQL port released");
            assertTrue(Processes.isPortFree(8199), "Keycloak port released");
            assertTrue(Processes.isPortFree(9199), "Keycloak management port released");
            KeycloakServer.deleteTree(dataDir);
        }
    }

    @Test
    void appRoleIsNeitherSuperuserNorBypassingRls() throws Exception {
        try (Connection c = DriverManager.getConnection(config.jdbcUrl(), config.dbAppUser(), config.dbAppPassword());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT rolsuper, rolbypassrls, rolcreatedb, rolcreaterole, current_user"
                     + " FROM pg_roles WHERE rolname = current_user")) {
            assertTrue(rs.next());
            assertFalse(rs.getBoolean(1), "superuser");
            assertFalse(rs.getBoolean(2), "bypassrls");
            assertFalse(rs.getBoolean(3), "createdb");
            assertFalse(rs.getBoolean(4), "createrole");
            assertEquals("kyodo_app", rs.getString(5));
        }
        try (Connection c = DriverManager.getConnection(config.jdbcUrl(), config.dbOwnerUser(), config.dbOwnerPassword());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT pg_get_userbyid(datdba), (SELECT rolsuper FROM pg_roles"
                     + " WHERE rolname = current_user) FROM pg_database WHERE datname = current_database()")) {
            assertTrue(rs.next());
            assertEquals("kyodo_owner", rs.getString(1));
            assertFalse(rs.getBoolean(2), "owner is not superuser");
        }
        // passwords are checked (scram-sha-256), and the app role cannot reach Keycloak's database
        assertThrows(SQLException.class,
                () -> DriverManager.getConnection(config.jdbcUrl(), config.dbAppUser(), "wrong").close());
        assertThrows(SQLException.class, () -> DriverManager.getConnection(
                config.jdbcUrl(DevStackConfig.KEYCLOAK_DB_NAME), config.dbAppUser(), config.dbAppPassword()).close());
    }

    @Test
    void throwawayDatabase() throws Exception {
        EmbeddedDatabase db = stack.database().orElseThrow();
        String name = db.createTestDatabase("it");
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(name), config.dbOwnerUser(), config.dbOwnerPassword());
             Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (id int)"); // the owner may create tables in its database
        }
        db.dropDatabase(name);
    }

    @Test
    void vendorTokenHasAudienceAndGroups() throws Exception {
        JsonNode claims = claims(Tokens.password(config, "vendor", "kyodo-demo", "openid"));
        assertTrue(values(claims.path("aud")).contains("kyodo-api"), claims.toString());
        assertEquals(List.of("vendor"), values(claims.path("groups")), claims.toString());
        assertEquals("vendor", claims.path("upn").asText());
        assertEquals(config.issuerUrl(), claims.path("iss").asText());

        JsonNode analyst = claims(Tokens.password(config, "analyst", "kyodo-demo", null));
        assertEquals(List.of("national-analyst"), values(analyst.path("groups")), analyst.toString());
    }

    @Test
    void keycloakHealthOnManagementPort() {
        assertEquals(200, Processes.httpStatus("http://localhost:9199/health/ready"));
    }

    @Test
    void webClientAcceptsLoopbackRedirectsOnAnyPort() throws Exception {
        assertEquals(200, authorize("http://localhost:9080/portal/callback"));
        assertEquals(200, authorize("http://127.0.0.1:9081/x"));
        assertEquals(400, authorize("http://evil.example/callback"));
    }

    private static int authorize(String redirectUri) throws Exception {
        String url = config.issuerUrl() + "/protocol/openid-connect/auth?client_id=kyodo-web&response_type=code"
                + "&scope=openid&redirect_uri=" + java.net.URLEncoder.encode(redirectUri, java.nio.charset.StandardCharsets.UTF_8);
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    /** The application's onboarding path: organization + user + membership via kyodo-admin, then the claim. */
    @Test
    void organizationClaimForAMember() throws Exception {
        String admin = Tokens.admin(config);
        String base = config.keycloakUrl() + "/admin/realms/" + config.keycloakRealm();
        String orgLocation = post(admin, base + "/organizations",
                "{\"name\":\"西宮市\",\"alias\":\"282022\",\"enabled\":true,\"attributes\":{\"lgCode\":[\"282022\"]}}");
        String orgId = orgLocation.substring(orgLocation.lastIndexOf('/') + 1);
        String userLocation = post(admin, base + "/users", "{\"username\":\"it-citizen\",\"enabled\":true,"
                + "\"email\":\"it-citizen@kyodo.example\",\"emailVerified\":true,\"firstName\":\"太郎\",\"lastName\":\"西宮\","
                + "\"credentials\":[{\"type\":\"password\",\"value\":\"kyodo-demo\",\"temporary\":false}]}");
        String userId = userLocation.substring(userLocation.lastIndexOf('/') + 1);
        post(admin, base + "/organizations/" + orgId + "/members", "\"" + userId + "\"");

        JsonNode claims = claims(Tokens.password(config, "it-citizen", "kyodo-demo", "openid organization:282022"));
        JsonNode org = claims.path("organization");
        assertEquals(orgId, org.path("282022").path("id").asText(), claims.toString());
        assertEquals(List.of("282022"), values(org.path("282022").path("lgCode")), claims.toString());
        assertFalse(values(claims.path("groups")).contains("citizen"), "no city role from the realm: " + claims);
        assertTrue(values(claims.path("aud")).contains("kyodo-api"), claims.toString());

        JsonNode withoutScope = claims(Tokens.password(config, "it-citizen", "kyodo-demo", "openid"));
        assertTrue(withoutScope.path("organization").isMissingNode(), withoutScope.toString());
    }

    private static String post(String token, String url, String json) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), url + " -> " + r.body());
        return r.headers().firstValue("Location").orElse("");
    }

    private static JsonNode claims(String jwt) throws Exception {
        return JSON.readTree(Tokens.payload(jwt));
    }

    private static List<String> values(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else if (!node.isMissingNode() && !node.isNull()) {
            out.add(node.asText());
        }
        return out;
    }
}
