package jp.kyodo.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Static checks of deploy/keycloak/kyodo-realm.json; DevStackIT checks its behaviour in a running Keycloak. */
class RealmFileTest {

    /** The client scopes a new realm gets in Keycloak 26.7.3 (read from a throwaway realm via the admin API). */
    static final Set<String> KEYCLOAK_DEFAULT_SCOPES = Set.of("acr", "address", "AuthnContextClassRef", "basic",
            "email", "microprofile-jwt", "offline_access", "organization", "phone", "profile", "role_list", "roles",
            "saml_organization", "service_account", "web-origins");

    static JsonNode realm;

    @BeforeAll
    static void load() throws Exception {
        realm = new ObjectMapper().readTree(KeycloakServer.realmJson());
    }

    @Test
    void realmSettings() {
        assertEquals("kyodo", realm.path("realm").asText());
        assertTrue(realm.path("enabled").asBoolean());
        assertTrue(realm.path("organizationsEnabled").asBoolean());
        assertTrue(realm.path("registrationAllowed").asBoolean());
        assertTrue(realm.path("resetPasswordAllowed").asBoolean());
        assertTrue(realm.path("rememberMe").asBoolean());
        assertTrue(realm.path("internationalizationEnabled").asBoolean());
        assertEquals(KeycloakServer.LOCALES, texts(realm.path("supportedLocales")), "the realm file and the settings applied on every start");
        assertEquals("ja", realm.path("defaultLocale").asText());
        assertEquals("external", realm.path("sslRequired").asText());
        assertEquals(900, realm.path("accessTokenLifespan").asInt());
    }

    @Test
    void rolesAndDefaultRole() {
        Set<String> names = new TreeSet<>();
        for (JsonNode r : realm.path("roles").path("realm")) {
            names.add(r.path("name").asText());
            if (!r.path("name").asText().startsWith("default-roles") && !r.path("description").asText().startsWith("${")) {
                assertFalse(r.path("description").asText().isBlank(), "description of " + r.path("name"));
            }
        }
        // only platform roles are realm roles; a city role is held per city (city_member), never in the realm
        assertTrue(names.containsAll(Set.of("vendor", "national-analyst")), names.toString());
        for (String cityRole : List.of("citizen", "operator", "staff", "city-admin")) {
            assertFalse(names.contains(cityRole), "city role " + cityRole + " must not be a realm role");
        }
        String defaultRole = realm.path("defaultRole").path("name").asText();
        JsonNode composite = null;
        for (JsonNode r : realm.path("roles").path("realm")) {
            if (r.path("name").asText().equals(defaultRole)) {
                composite = r;
            }
        }
        assertNotNull(composite, "default role " + defaultRole + " defined");
        assertFalse(texts(composite.path("composites").path("realm")).contains("citizen"),
                "no city role for everyone: a realm role would hold in every city");
    }

    @Test
    void allDefaultScopesPlusOrganizationJsonMapper() {
        Set<String> scopes = new TreeSet<>();
        for (JsonNode s : realm.path("clientScopes")) {
            scopes.add(s.path("name").asText());
        }
        assertTrue(scopes.containsAll(KEYCLOAK_DEFAULT_SCOPES), "missing: " + diff(KEYCLOAK_DEFAULT_SCOPES, scopes));
        JsonNode orgMapper = scope("organization").path("protocolMappers").get(0);
        assertEquals("oidc-organization-membership-mapper", orgMapper.path("protocolMapper").asText());
        JsonNode cfg = orgMapper.path("config");
        for (String key : List.of("addOrganizationId", "addOrganizationAttributes", "id.token.claim",
                "access.token.claim", "userinfo.token.claim")) {
            assertEquals("true", cfg.path(key).asText(), key);
        }
        assertEquals("JSON", cfg.path("jsonType.label").asText());
        assertEquals("organization", cfg.path("claim.name").asText());
        Set<String> mp = new TreeSet<>();
        for (JsonNode m : scope("microprofile-jwt").path("protocolMappers")) {
            mp.add(m.path("config").path("claim.name").asText());
        }
        assertEquals(Set.of("groups", "upn"), mp);
    }

    @Test
    void clients() {
        JsonNode web = client("kyodo-web");
        assertFalse(web.path("publicClient").asBoolean());
        assertEquals("${KYODO_WEB_CLIENT_SECRET}", web.path("secret").asText());
        assertTrue(web.path("standardFlowEnabled").asBoolean());
        assertEquals("+", web.path("attributes").path("post.logout.redirect.uris").asText());
        assertTrue(texts(web.path("defaultClientScopes")).contains("microprofile-jwt"));
        assertTrue(texts(web.path("optionalClientScopes")).contains("organization"));
        assertAudience(web);

        JsonNode cli = client("kyodo-cli");
        assertTrue(cli.path("publicClient").asBoolean());
        assertTrue(cli.path("directAccessGrantsEnabled").asBoolean());
        assertTrue(texts(cli.path("defaultClientScopes")).contains("microprofile-jwt"));
        assertTrue(texts(cli.path("optionalClientScopes")).contains("organization"));
        assertAudience(cli);

        JsonNode api = client("kyodo-api");
        for (String flow : List.of("standardFlowEnabled", "implicitFlowEnabled", "directAccessGrantsEnabled",
                "serviceAccountsEnabled")) {
            assertFalse(api.path(flow).asBoolean(), flow);
        }

        JsonNode admin = client("kyodo-admin");
        assertTrue(admin.path("serviceAccountsEnabled").asBoolean());
        assertFalse(admin.path("standardFlowEnabled").asBoolean());
        assertFalse(admin.path("directAccessGrantsEnabled").asBoolean());
        assertEquals("${KYODO_ADMIN_CLIENT_SECRET}", admin.path("secret").asText());
        JsonNode sa = user("service-account-kyodo-admin");
        assertEquals("kyodo-admin", sa.path("serviceAccountClientId").asText());
        assertEquals(List.of("realm-admin"), texts(sa.path("clientRoles").path("realm-management")));

        // every scope a client refers to is defined
        Set<String> defined = new TreeSet<>();
        realm.path("clientScopes").forEach(s -> defined.add(s.path("name").asText()));
        for (JsonNode c : realm.path("clients")) {
            List<String> used = new ArrayList<>(texts(c.path("defaultClientScopes")));
            used.addAll(texts(c.path("optionalClientScopes")));
            assertTrue(defined.containsAll(used), c.path("clientId").asText() + ": " + diff(Set.copyOf(used), defined));
        }
    }

    @Test
    void demoUsersOnly() {
        Map<String, String> expected = Map.of("vendor", "vendor", "analyst", "national-analyst");
        int people = 0;
        for (JsonNode u : realm.path("users")) {
            if (u.has("serviceAccountClientId")) {
                continue;
            }
            people++;
            String name = u.path("username").asText();
            assertTrue(expected.containsKey(name), "unexpected user " + name);
            assertEquals(List.of(expected.get(name)), texts(u.path("realmRoles")));
            assertTrue(u.path("emailVerified").asBoolean());
            JsonNode cred = u.path("credentials").get(0);
            assertEquals("kyodo-demo", cred.path("value").asText());
            assertFalse(cred.path("temporary").asBoolean());
        }
        assertEquals(2, people);
        assertFalse(realm.has("organizations"), "cities are created by the application, not imported");
    }

    private static void assertAudience(JsonNode client) {
        boolean found = false;
        for (JsonNode m : client.path("protocolMappers")) {
            if (m.path("protocolMapper").asText().equals("oidc-audience-mapper")
                    && m.path("config").path("included.client.audience").asText().equals("kyodo-api")
                    && m.path("config").path("access.token.claim").asText().equals("true")) {
                found = true;
            }
        }
        assertTrue(found, client.path("clientId").asText() + " needs an audience mapper for kyodo-api");
    }

    private static JsonNode scope(String name) {
        for (JsonNode s : realm.path("clientScopes")) {
            if (s.path("name").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no client scope " + name);
    }

    private static JsonNode client(String id) {
        for (JsonNode c : realm.path("clients")) {
            if (c.path("clientId").asText().equals(id)) {
                return c;
            }
        }
        throw new AssertionError("no client " + id);
    }

    private static JsonNode user(String name) {
        for (JsonNode u : realm.path("users")) {
            if (u.path("username").asText().equals(name)) {
                return u;
            }
        }
        throw new AssertionError("no user " + name);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static Set<String> diff(Set<String> want, Set<String> have) {
        Set<String> d = new TreeSet<>(want);
        d.removeAll(have);
        return d;
    }
}
