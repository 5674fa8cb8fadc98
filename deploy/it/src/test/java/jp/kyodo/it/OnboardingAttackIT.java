package jp.kyodo.it;

import static jp.kyodo.it.Platform.TEST_PASSWORD;
import static jp.kyodo.it.Platform.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Attack suite, issue #10 item 2: onboarding never adopts an account. The first reproduction of the "Why":
 * 尼崎市's administrator (or anyone, through self-registration) creates an account named {@code admin-131016}; the
 * vendor then onboards 千代田区 with only an e-mail. Before the fix onboarding found that account, kept its password,
 * made it 千代田区's city-admin, and its owner listed 千代田区's members.
 */
@ExtendWith(ArquillianExtension.class)
class OnboardingAttackIT {

    static final String TARGET = "131016";
    static final String SQUATTED = "admin-" + TARGET;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Platform.application();
    }

    @Test
    void onboardingNeverAdoptsAPrecreatedAdministratorAccount() {
        try (TestCity a = TestCity.create("282022")) {
            // a city administrator cannot open an account under a name reserved for onboarding
            var reserved = call("POST", "/api/v1/members", a.adminToken(), Json.createObjectBuilder().add("username", SQUATTED)
                    .add("familyName", "試験").add("givenName", "市民").add("email", "squat@example.jp").add("role", "citizen")
                    .add("password", TEST_PASSWORD).add("temporaryPassword", false).build().toString());
            assertEquals(409, reserved.status(), reserved::toString);
            assertTrue(reserved.body().contains("reserved-username"), reserved::toString);
            assertFalse(Identities.userExists(SQUATTED), "no account was made");

            // nor can onboarding give another city's reserved name to a city
            var otherName = call("POST", "/api/v1/cities", Platform.vendor(), Json.createObjectBuilder().add("code", TARGET)
                    .add("adminUsername", "admin-282022").add("adminEmail", "first@example.jp").build().toString());
            assertEquals(409, otherName.status(), otherName::toString);

            // self-registration (or an older deployment) can still leave such an account behind
            String squatter = Identities.createUser(SQUATTED);
            try {
                var onboard = call("POST", "/api/v1/cities", Platform.vendor(), Json.createObjectBuilder().add("code", TARGET)
                        .add("adminEmail", "chiyoda-admin@example.jp").build().toString());
                assertEquals(409, onboard.status(), () -> "onboarding must refuse, not adopt: " + onboard);
                assertTrue(onboard.body().contains("admin-exists"), onboard::toString);

                // nothing was created, and the existing account is untouched
                var cities = call("GET", "/api/v1/cities", Platform.vendor(), null);
                assertTrue(cities.array().stream().map(v -> v.asJsonObject()).noneMatch(c -> TARGET.equals(c.getString("code"))
                        && !"DELETED".equals(c.getString("status"))), cities::toString);
                assertFalse(Identities.organizationExists(TARGET), "no organization was created");
                assertTrue(Identities.userExists(SQUATTED), "the existing account is not deleted by the undo either");
                assertEquals(List.of(), Identities.citiesOf(squatter), "the existing account joined no city");

                // its owner asks for 千代田区 and gets nothing
                // (Keycloak refuses the scope itself when no such organization exists: also a refusal)
                try {
                    String token = Platform.freshToken(SQUATTED, TEST_PASSWORD, "openid organization:" + TARGET);
                    var members = call("GET", "/api/v1/members", token, null);
                    assertEquals(403, members.status(), members::toString);
                } catch (IllegalStateException refusedByKeycloak) {
                    assertTrue(refusedByKeycloak.getMessage().contains("invalid_scope"), refusedByKeycloak::getMessage);
                }

                // onboarding with a new name works and still leaves the squatter out
                var ok = call("POST", "/api/v1/cities", Platform.vendor(), Json.createObjectBuilder().add("code", TARGET)
                        .add("adminUsername", "it-first-" + TARGET).add("adminEmail", "chiyoda-admin@example.jp")
                        .add("adminPassword", TEST_PASSWORD).build().toString());
                assertEquals(201, ok.status(), ok::toString);
                assertEquals(List.of(), Identities.citiesOf(squatter));
                var first = call("GET", "/api/v1/members", Platform.freshToken("it-first-" + TARGET, TEST_PASSWORD,
                        "openid organization:" + TARGET), null);
                assertEquals(200, first.status(), first::toString);
                assertTrue(first.array().stream().noneMatch(m -> SQUATTED.equals(m.asJsonObject().getString("username"))),
                        first::toString);
            } finally {
                Identities.deleteUser(SQUATTED);
                closeCity(TARGET);
                Identities.deleteUser("it-first-" + TARGET);
            }
        }
    }

    static void closeCity(String code) {
        String v = Platform.vendor();
        call("POST", "/api/v1/cities/" + code + "/resume", v, null);
        call("GET", "/api/v1/cities/" + code + "/export", v, null);
        call("DELETE", "/api/v1/cities/" + code + "?confirm=" + code, v, null);
    }
}
