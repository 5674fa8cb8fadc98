package jp.kyodo.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Static checks of deploy/keycloak/kyodo-realm-production.json, the realm a production deployment imports (the dev
 * realm, kyodo-realm.json, is for the dev stack and the tests only): no people, no password-grant client, no open
 * registration, no city role as a realm role, and the same client scopes as the dev realm.
 */
class ProductionRealmFileTest {

    static final Path FILE = Path.of("..", "keycloak", "kyodo-realm-production.json");
    static JsonNode realm;
    static JsonNode dev;

    @BeforeAll
    static void load() throws Exception {
        realm = new ObjectMapper().readTree(Files.readString(FILE));
        dev = new ObjectMapper().readTree(KeycloakServer.realmJson());
    }

    @Test
    void noPeopleOnlyTheServiceAccount() {
        for (JsonNode u : realm.path("users")) {
            assertTrue(u.has("serviceAccountClientId"), "no person in the production realm: " + u.path("username"));
            assertFalse(u.has("credentials"), "no password in the production realm");
        }
        assertFalse(realm.toString().contains("kyodo-demo"), "no demo password anywhere");
    }

    @Test
    void noPasswordGrantNoRegistration() {
        assertFalse(realm.path("registrationAllowed").asBoolean(), "registration is off");
        for (JsonNode c : realm.path("clients")) {
            assertFalse(c.path("directAccessGrantsEnabled").asBoolean(), c.path("clientId") + " allows the password grant");
            assertFalse(c.path("implicitFlowEnabled").asBoolean(), c.path("clientId") + " allows the implicit flow");
            for (JsonNode uri : c.path("redirectUris")) {
                assertFalse(uri.asText().contains("localhost") || uri.asText().contains("127.0.0.1"),
                        "no local redirect in production: " + uri);
            }
        }
        assertTrue(realm.path("bruteForceProtected").asBoolean());
    }

    @Test
    void theUserNameIsForAdministratorsOnlyAsTheDevStackSetsIt() throws Exception {
        // the same user profile DigitalAuthBroker sets: a card's review page shows no technical name card.<sub>
        JsonNode profile = new ObjectMapper().readTree(realm.path("components")
                .path("org.keycloak.userprofile.UserProfileProvider").path(0).path("config")
                .path("kc.user.profile.config").path(0).asText());
        for (JsonNode a : profile.path("attributes")) {
            if (a.path("name").asText().equals("username")) {
                assertEquals("{\"view\":[\"admin\"],\"edit\":[\"admin\"]}", a.path("permissions").toString());
                return;
            }
        }
        throw new AssertionError("no attribute username in the production realm's user profile: " + profile);
    }

    @Test
    void theFamilyNameComesBeforeTheGivenNameAsTheDevStackSetsIt() throws Exception {
        // 姓 before 名 on Keycloak's forms (the card's review, registration), like DigitalAuthBroker.familyNameFirst
        JsonNode profile = new ObjectMapper().readTree(realm.path("components")
                .path("org.keycloak.userprofile.UserProfileProvider").path(0).path("config")
                .path("kc.user.profile.config").path(0).asText());
        java.util.List<String> names = new java.util.ArrayList<>();
        profile.path("attributes").forEach(a -> names.add(a.path("name").asText()));
        assertTrue(names.indexOf("lastName") >= 0 && names.indexOf("lastName") < names.indexOf("firstName"),
                names::toString);
        assertEquals(DigitalAuthBroker.familyNameFirst(profile.toString()), profile.toString(), "already in that order");
    }

    @Test
    void onlyPlatformRolesAreRealmRoles() {
        Set<String> names = new TreeSet<>();
        realm.path("roles").path("realm").forEach(r -> names.add(r.path("name").asText()));
        for (String cityRole : List.of("citizen", "operator", "staff", "city-admin")) {
            assertFalse(names.contains(cityRole), cityRole + " is a city role (city_member), not a realm role");
        }
        assertTrue(names.containsAll(Set.of("vendor", "national-analyst")));
    }

    /** Second factor: authenticator apps use TOTP; Kyodo requires one for staff-side roles outside dev mode. */
    @Test
    void authenticatorAppsAreTotp() {
        assertEquals("totp", realm.path("otpPolicyType").asText());
        // Keycloak's default browser flow asks for the code whenever the account has an app (conditional OTP); the
        // realm keeps that flow (no custom browser flow that could drop it)
        assertFalse(realm.has("browserFlow") && !realm.path("browserFlow").asText().equals("browser"));
    }

    /**
     * What the application asks Keycloak for must be there: {@code CONFIGURE_TOTP} (a staff-side role outside dev mode
     * counts only with an authenticator app, and opening such an account adds this required action) and
     * {@code VERIFY_EMAIL} (an imported account's e-mail address is unverified until the person confirms it). Keycloak
     * registers both, enabled, in a new realm; the file must not list them disabled, and must not make the one-time
     * code weaker than six digits every 30 seconds.
     */
    @Test
    void secondFactorAndEmailVerificationCannotBeSwitchedOff() {
        for (JsonNode a : realm.path("requiredActions")) {
            if (Set.of("CONFIGURE_TOTP", "VERIFY_EMAIL").contains(a.path("alias").asText())) {
                assertTrue(a.path("enabled").asBoolean(true), a.path("alias").asText() + " is disabled in the production realm");
            }
        }
        assertTrue(realm.path("otpPolicyDigits").asInt(6) >= 6, "one-time codes of at least six digits");
        assertTrue(realm.path("otpPolicyPeriod").asInt(30) <= 30, "a one-time code lives at most 30 s");
        assertFalse(realm.path("authenticationFlows").isArray() && !realm.path("authenticationFlows").isEmpty(),
                "no custom authentication flow: Keycloak's browser flow asks for the code of every account with an app");
        assertFalse(realm.path("registrationAllowed").asBoolean() || realm.path("registrationEmailAsUsername").asBoolean(),
                "nobody opens an account by themselves in production");
    }

    @Test
    void sameScopesAndSecretsAsTheDevRealm() {
        Set<String> scopes = new TreeSet<>();
        realm.path("clientScopes").forEach(s -> scopes.add(s.path("name").asText()));
        assertTrue(scopes.containsAll(RealmFileTest.KEYCLOAK_DEFAULT_SCOPES));
        assertEquals(dev.path("clientScopes"), realm.path("clientScopes"));
        for (JsonNode c : realm.path("clients")) {
            if (c.has("secret")) {
                assertTrue(c.path("secret").asText().startsWith("${KYODO_"), "secrets come from the environment");
            }
        }
        assertNotEquals(dev.path("users"), realm.path("users"));
    }
}
