package jp.kyodo.devstack;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Starts the development stack's backing services in a fresh data directory on non-default ports and checks what the
 * platform relies on from its PostgreSQL (database roles, throw-away databases), then that stopping the stack releases
 * its ports, as Ctrl-C on {@code ./kyodo run} must.
 *
 * <p>Keycloak is taken as already running ({@code KYODO_EXTERNAL_KEYCLOAK=true}, the path of a deployment with a
 * Keycloak of its own): a loopback HTTP server answers its discovery document, which is all the devstack asks of an
 * external Keycloak. The realm's tokens are checked against the real Keycloak that the integration tests' run starts
 * with the same devstack code ({@code deploy/it}, {@code KeycloakRealmIT}); until session 21 this class started and
 * built a second Keycloak for them, 2½ minutes of every test run.
 */
class DevStackIT {

    static Path dataDir;
    static DevStack stack;
    static DevStackConfig config;
    static HttpServer keycloak;

    @BeforeAll
    static void start() throws Exception {
        Path parent = Paths.get(System.getProperty("kyodo.it.data.dir", "target/it-data"));
        Files.createDirectories(parent);
        dataDir = Files.createTempDirectory(parent.toAbsolutePath(), "devstack-it-");
        keycloak = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        keycloak.createContext("/realms/kyodo/.well-known/openid-configuration", ex -> {
            byte[] body = "{\"issuer\":\"http://localhost/realms/kyodo\"}".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        keycloak.start();
        config = DevStackConfig.from(Map.of(
                DevStackConfig.DATA_DIR, dataDir.toString(),
                DevStackConfig.DB_PORT, "55499",
                DevStackConfig.EXTERNAL_KEYCLOAK, "true",
                DevStackConfig.KEYCLOAK_URL, "http://127.0.0.1:" + keycloak.getAddress().getPort(),
                // not the SMTP sink's default 2525: a `./kyodo run` on the same machine holds that one
                DevStackConfig.SMTP_PORT, "2599"));
        stack = DevStack.startBackingServices(config);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (stack != null) {
                stack.close();
                assertTrue(Processes.isPortFree(55499), "PostgreSQL port released");
                assertTrue(Processes.isPortFree(2599), "SMTP sink port released");
                KeycloakServer.deleteTree(dataDir);
            }
        } finally {
            if (keycloak != null) {
                keycloak.stop(0);
            }
        }
    }

    @Test
    void theStackTookItsKeycloakAsRunningAndStartedNone() {
        assertTrue(stack.keycloak().isEmpty(), "an external Keycloak: none started");
        assertTrue(stack.database().isPresent(), "the embedded PostgreSQL");
        assertTrue(stack.mailSink().isPresent(), "the mail sink");
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
}
