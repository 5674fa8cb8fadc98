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
 * Attack suite, issue #10 item 1: roles belong to a city. The second reproduction of the "Why": one account,
 * a citizen of 尼崎市 and the administrator of another city, called 尼崎市's {@code GET /api/v1/members} and got 200,
 * because roles were realm roles. Here the account even carries {@code city-admin} as a realm role in its token (as
 * main's onboarding gave it): the API and the pages must go by the role held in the token's city only.
 */
@ExtendWith(ArquillianExtension.class)
class RolesPerCityAttackIT {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Platform.application();
    }

    @Test
    void aRoleHeldInOneCityIsNotHeldInAnother() throws Exception {
        String person = "it-two-cities-" + Long.toHexString(System.nanoTime());
        String analyst = person + "-analyst";
        try (TestCity a = TestCity.create("282022"); TestCity b = TestCity.create("131016")) {
            // a citizen of A, opened by A's administrator
            var opened = call("POST", "/api/v1/members", a.adminToken(), member(person, "citizen"));
            assertEquals(201, opened.status(), opened::toString);
            String memberIdInA = opened.json().getString("id");
            String id = Identities.userId(person);
            // ... the administrator of B, and carrying the realm role city-admin in every token
            Identities.joinOrganization(b.code, id);
            Identities.recordMember(b.code, id, person, "city-admin");
            Identities.grantRealmRole(id, "city-admin");
            String inA = Platform.freshToken(person, TEST_PASSWORD, a.scope());
            String inB = Platform.freshToken(person, TEST_PASSWORD, b.scope());

            // Why 2: the citizen of A does not administer A
            var members = call("GET", "/api/v1/members", inA, null);
            assertEquals(403, members.status(), () -> "a citizen of A listed A's members: " + members);
            assertTrue(members.isProblem() && members.body().contains("role-required"), members::toString);
            var add = call("POST", "/api/v1/members", inA, member(person + "-x", "city-admin"));
            assertEquals(403, add.status(), add::toString);
            var cases = call("GET", "/api/v1/cases", inA, null);
            assertEquals(403, cases.status(), () -> "a citizen of A read A's cases: " + cases);
            // ... but is a citizen there: residents see published notices only
            var notices = call("GET", "/api/v1/notices", inA, null);
            assertEquals(200, notices.status(), notices::toString);
            assertTrue(notices.body().contains(a.canary + " notice 0") && !notices.body().contains(a.canary + " notice 1"),
                    () -> "the resident view of A's notices: " + notices);
            // in B the same person is the administrator
            var inBMembers = call("GET", "/api/v1/members", inB, null);
            assertEquals(200, inBMembers.status(), inBMembers::toString);
            assertFalse(inBMembers.body().contains(a.canary), "nothing of A in B");

            // pages: A's staff pages refuse them, B's admit them (each sign-in names its city)
            WebSignInIT.Browser browserA = new WebSignInIT.Browser();
            var pageA = browserA.signIn(browserA.get(Platform.base() + "/c/" + a.code + "/staff/cases"), person, TEST_PASSWORD);
            assertEquals(403, pageA.statusCode(), () -> "A's staff page for a citizen of A: " + browserA.url + " " + pageA.body());
            assertFalse(pageA.body().contains(a.canary));
            var settingsA = browserA.get(Platform.base() + "/c/" + a.code + "/staff/settings");
            assertEquals(403, settingsA.statusCode(), settingsA::body);
            WebSignInIT.Browser browserB = new WebSignInIT.Browser();
            var pageB = browserB.signIn(browserB.get(Platform.base() + "/c/" + b.code + "/staff/cases"), person, TEST_PASSWORD);
            assertEquals(200, pageB.statusCode(), () -> browserB.url + " " + pageB.body());
            assertTrue(browserB.url.contains("/c/" + b.code + "/staff/cases"), browserB.url); // may carry ?code=&state=

            // closing the account in A removes only A: the person stays B's administrator
            var closed = call("DELETE", "/api/v1/members/" + memberIdInA, a.adminToken(), null);
            assertEquals(204, closed.status(), closed::toString);
            assertTrue(Identities.userExists(person), "the account still belongs to B and must not be deleted");
            assertEquals(List.of(b.code), Identities.citiesOf(id));
            assertEquals(200, call("GET", "/api/v1/members", Platform.freshToken(person, TEST_PASSWORD, b.scope()), null)
                    .status());
            assertEquals(403, call("GET", "/api/v1/notices", Platform.freshToken(person, TEST_PASSWORD, a.scope()), null)
                    .status(), "no longer anything in A");

            // closing it in B as well, the last city: the account is deleted
            String memberIdInB = call("GET", "/api/v1/members", b.adminToken(), null).array().stream()
                    .map(v -> v.asJsonObject()).filter(m -> person.equals(m.getString("username"))).findFirst()
                    .orElseThrow().getString("id");
            assertEquals(204, call("DELETE", "/api/v1/members/" + memberIdInB, b.adminToken(), null).status());
            assertFalse(Identities.userExists(person), "an account in no city and without a platform role is deleted");

            // a platform role belongs to no city and keeps the account
            var opened2 = call("POST", "/api/v1/members", b.adminToken(), member(analyst, "staff"));
            assertEquals(201, opened2.status(), opened2::toString);
            String analystId = Identities.userId(analyst);
            Identities.grantRealmRole(analystId, "national-analyst");
            // the role is the analyst's (not refused as a missing role), but without a second factor it is not used
            var stats = call("GET", "/api/v1/statistics/cities", Platform.freshToken(analyst, TEST_PASSWORD, "openid"), null);
            assertEquals(403, stats.status(), stats::toString);
            assertTrue(stats.json().getString("type").endsWith("second-factor-required"), stats::toString);
            assertEquals(204, call("DELETE", "/api/v1/members/" + opened2.json().getString("id"), b.adminToken(), null).status());
            assertTrue(Identities.userExists(analyst), "a national analyst's account outlives their city membership");
            assertEquals(List.of(), Identities.citiesOf(analystId));
        } finally {
            Identities.deleteUser(person);
            Identities.deleteUser(analyst);
        }
    }

    /**
     * The platform roles need a second factor (issue #10 item 11, enforced by Kyodo): an account holding {@code vendor}
     * or {@code national-analyst} without an authenticator app gets 403 {@code second-factor-required} on the vendor
     * and statistics APIs and a page telling it to set one up on the consoles; the demo accounts, which sign in with
     * their app's code, are admitted. On main such a token was admitted everywhere.
     */
    @Test
    void aPlatformRoleWithoutASecondFactorIsRefused() throws Exception {
        String vendor = "it-vendor-no-factor";
        String analyst = "it-analyst-no-factor";
        Platform.ensureUser(vendor, "vendor", false);
        Platform.ensureUser(analyst, "national-analyst", false);
        try {
            String vendorToken = Platform.freshToken(vendor, TEST_PASSWORD, "openid");
            String analystToken = Platform.freshToken(analyst, TEST_PASSWORD, "openid");
            for (var refused : List.of(call("GET", "/api/v1/cities", vendorToken, null),
                    call("POST", "/api/v1/cities", vendorToken, "{\"code\":\"131024\",\"adminEmail\":\"x@example.jp\"}"),
                    call("GET", "/api/v1/statistics/cities", vendorToken, null),
                    call("GET", "/api/v1/statistics/cities", analystToken, null))) {
                assertEquals(403, refused.status(), refused::toString);
                assertTrue(refused.isProblem() && refused.json().getString("type").endsWith("second-factor-required"),
                        refused::toString);
                assertTrue(refused.json().getString("detail").contains("second factor")
                        || refused.json().getString("title").contains("2段階認証"), refused::toString);
            }
            assertEquals(404, call("GET", "/api/v1/cities/131024", Platform.vendor(), null).status(), "nothing was created");
            // the same operations with a second factor
            assertEquals(200, call("GET", "/api/v1/cities", Platform.vendor(), null).status());
            assertEquals(200, call("GET", "/api/v1/statistics/cities",
                    Platform.token("analyst", Platform.DEMO_PASSWORD, "openid"), null).status());

            // the consoles: a readable page in the person's language saying what to do
            for (String[] who : new String[][] {{vendor, "/vendor/"}, {vendor, "/national/"}, {analyst, "/national/"}}) {
                WebSignInIT.Browser b = new WebSignInIT.Browser();
                var page = b.signIn(b.get(Platform.base() + who[1]), who[0], TEST_PASSWORD);
                assertEquals(403, page.statusCode(), page::body);
                assertTrue(page.body().contains("2段階認証が必要です") && page.body().contains("認証アプリ")
                        && page.body().contains("/account/account-security/signing-in"), page::body);
            }
            WebSignInIT.Browser withFactor = new WebSignInIT.Browser();
            var console = withFactor.signIn(withFactor.get(Platform.base() + "/vendor/"), "vendor", Platform.DEMO_PASSWORD);
            assertEquals(200, console.statusCode(), console::body);
        } finally {
            Identities.deleteUser(vendor);
            Identities.deleteUser(analyst);
        }
    }

    static String member(String username, String role) {
        return Json.createObjectBuilder().add("username", username).add("familyName", "試験").add("givenName", role)
                .add("email", username + "@example.jp").add("role", role).add("password", TEST_PASSWORD)
                .add("temporaryPassword", false).build().toString();
    }
}
