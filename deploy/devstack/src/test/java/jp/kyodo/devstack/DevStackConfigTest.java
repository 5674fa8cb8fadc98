package jp.kyodo.devstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DevStackConfigTest {

    @Test
    void defaults() {
        DevStackConfig c = DevStackConfig.from(Map.of(DevStackConfig.DATA_DIR, "/tmp/kyodo-data"));
        assertEquals(Path.of("/tmp/kyodo-data"), c.dataDir());
        assertEquals("localhost", c.dbHost());
        assertEquals(55432, c.dbPort());
        assertEquals("kyodo", c.dbName());
        assertEquals("kyodo_owner", c.dbOwnerUser());
        assertEquals("kyodo_owner_dev", c.dbOwnerPassword());
        assertEquals("kyodo_app", c.dbAppUser());
        assertEquals("kyodo_app_dev", c.dbAppPassword());
        assertEquals("http://localhost:8180", c.keycloakUrl().toString());
        assertEquals(8180, c.keycloakPort());
        assertEquals("kyodo", c.keycloakRealm());
        assertEquals(9100, c.keycloakMgmtPort());
        assertEquals("admin", c.keycloakAdminUser());
        assertEquals("admin-dev", c.keycloakAdminPassword());
        assertEquals("kyodo-web-dev-secret", c.webClientSecret());
        assertEquals("kyodo-admin-dev-secret", c.adminClientSecret());
        assertEquals(9080, c.httpPort());
        assertEquals(9443, c.httpsPort());
        assertFalse(c.externalDb());
        assertFalse(c.externalKeycloak());
        assertEquals("http://localhost:8180/realms/kyodo", c.issuerUrl());
        assertEquals("http://localhost:8180/realms/kyodo/protocol/openid-connect/token", c.tokenEndpoint());
        assertEquals("jdbc:postgresql://localhost:55432/kyodo", c.jdbcUrl());
        assertEquals(Path.of("/tmp/kyodo-data/logs"), c.logsDir());
    }

    @Test
    void overridesAndBlankMeansDefault() {
        Map<String, String> env = new HashMap<>();
        env.put(DevStackConfig.DB_PORT, " 55499 ");
        env.put(DevStackConfig.KEYCLOAK_URL, "http://127.0.0.1:8199/");
        env.put(DevStackConfig.KEYCLOAK_MGMT_PORT, "9199");
        env.put(DevStackConfig.EXTERNAL_KEYCLOAK, "TRUE");
        env.put(DevStackConfig.EXTERNAL_DB, "no");
        env.put(DevStackConfig.DB_NAME, "");
        DevStackConfig c = DevStackConfig.from(env);
        assertEquals(55499, c.dbPort());
        assertEquals("http://127.0.0.1:8199", c.keycloakUrl().toString());
        assertEquals(8199, c.keycloakPort());
        assertEquals("127.0.0.1", c.keycloakHost());
        assertEquals(9199, c.keycloakMgmtPort());
        assertTrue(c.externalKeycloak());
        assertFalse(c.externalDb());
        assertEquals("kyodo", c.dbName());
        assertEquals("55499", c.asEnvironment().get(DevStackConfig.DB_PORT));
        assertEquals(DevStackConfig.NAMES.size(), c.asEnvironment().size());
    }

    @Test
    void urlWithoutPortUsesSchemeDefault() {
        assertEquals(443, DevStackConfig.from(Map.of(DevStackConfig.KEYCLOAK_URL, "https://id.example.jp")).keycloakPort());
        assertEquals(80, DevStackConfig.from(Map.of(DevStackConfig.KEYCLOAK_URL, "http://id.example.jp")).keycloakPort());
    }

    @Test
    void invalidValuesNameTheVariable() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DevStackConfig.from(Map.of(DevStackConfig.DB_PORT, "abc")));
        assertTrue(e.getMessage().contains("KYODO_DB_PORT"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> DevStackConfig.from(Map.of(DevStackConfig.HTTP_PORT, "70000")));
        assertTrue(e.getMessage().contains("KYODO_HTTP_PORT"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> DevStackConfig.from(Map.of(DevStackConfig.EXTERNAL_DB, "maybe")));
        assertTrue(e.getMessage().contains("KYODO_EXTERNAL_DB"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> DevStackConfig.from(Map.of(DevStackConfig.KEYCLOAK_URL, "http://localhost:8180/auth")));
        assertTrue(e.getMessage().contains("KYODO_KEYCLOAK_URL"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> DevStackConfig.from(Map.of(DevStackConfig.KEYCLOAK_URL, "localhost:8180")));
        assertTrue(e.getMessage().contains("KYODO_KEYCLOAK_URL"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> DevStackConfig.from(Map.of(DevStackConfig.DB_APP_USER, "Robert'); DROP")));
        assertTrue(e.getMessage().contains("KYODO_DB_APP_USER"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> DevStackConfig.from(Map.of(DevStackConfig.DB_APP_USER, "kyodo_owner")));
        assertTrue(e.getMessage().contains("must differ"), e.getMessage());
    }

    @Test
    void withChangesOneValueAndKeepsTheRest() {
        DevStackConfig c = DevStackConfig.from(Map.of(DevStackConfig.DATA_DIR, "/tmp/a"));
        DevStackConfig d = c.with(DevStackConfig.DB_PORT, "55500");
        assertEquals(55500, d.dbPort());
        assertEquals(55432, c.dbPort());
        assertEquals(Path.of("/tmp/a"), d.dataDir());
        assertThrows(IllegalArgumentException.class, () -> c.with("KYODO_NOPE", "x"));
        DevStackConfig e = c.with(Map.of(DevStackConfig.HTTP_PORT, "9090", DevStackConfig.HTTPS_PORT, "9444"));
        assertEquals(9090, e.httpPort());
        assertEquals(9444, e.httpsPort());
    }

    @Test
    void toStringHidesSecrets() {
        String s = DevStackConfig.from(Map.of()).toString();
        assertFalse(s.contains("kyodo_app_dev"), s);
        assertFalse(s.contains("kyodo-web-dev-secret"), s);
        assertFalse(s.contains("admin-dev"), s);
        assertTrue(s.contains("KYODO_DB_PORT=55432"), s);
    }

    @Test
    void defaultDataDirIsRepoRoot(@TempDir Path tmp) throws Exception {
        Path repo = tmp.resolve("repo");
        Files.createDirectories(repo.resolve("deploy/devstack"));
        Files.writeString(repo.resolve("deploy/devstack/pom.xml"), "<project/>");
        Path deep = Files.createDirectories(repo.resolve("portal/src/main"));
        assertEquals(repo.resolve(".kyodo"), DevStackConfig.defaultDataDir(deep));
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        assertEquals(elsewhere.resolve(".kyodo"), DevStackConfig.defaultDataDir(elsewhere));
    }
}
