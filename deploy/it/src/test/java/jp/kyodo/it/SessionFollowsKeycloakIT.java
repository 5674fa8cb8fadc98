package jp.kyodo.it;

import static jp.kyodo.it.Platform.TEST_PASSWORD;
import static jp.kyodo.it.Platform.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Attack suite, issue #10 item 10: page sessions follow Keycloak. A staff member signed in to the staff pages loses
 * them when their role in the city changes, when the city is suspended, when their account is closed (all at once:
 * read on every request), and when they are taken out of the city in Keycloak itself, within the session re-check
 * interval ({@code KYODO_SESSION_RECHECK_SECONDS}, 3 s in the integration tests, 60 s by default). Every wait is a poll
 * with a deadline.
 */
@ExtendWith(ArquillianExtension.class)
class SessionFollowsKeycloakIT {

    /** The server's re-check interval in these tests, plus time for the sign-in round trips. */
    static final Duration KEYCLOAK_DEADLINE = Duration.ofSeconds(
            Long.parseLong(Platform.env("KYODO_SESSION_RECHECK_SECONDS", "3")) + 20);
    /** Changes Kyodo itself makes are seen on the next request; the deadline only absorbs scheduling. */
    static final Duration IMMEDIATE = Duration.ofSeconds(5);

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Platform.application();
    }

    @Test
    void staffPagesEndWhenTheRoleTheCityOrTheMembershipChanges() throws Exception {
        try (TestCity a = TestCity.create("282022")) {
            String staffPage = Platform.base() + "/c/" + a.code + "/staff/cases";
            String staffId = memberId(a, a.staff);
            WebSignInIT.Browser browser = new WebSignInIT.Browser();
            var first = browser.signIn(browser.get(staffPage), a.staff, TEST_PASSWORD);
            assertEquals(200, first.statusCode(), () -> browser.url + " " + first.body());
            String staffToken = a.staffToken();
            assertEquals(200, call("GET", "/api/v1/cases", staffToken, null).status());

            // 1. the role changes to citizen: the same page session and the same API token lose the staff side
            var changed = call("PUT", "/api/v1/members/" + staffId + "/role", a.adminToken(), "{\"role\":\"citizen\"}");
            assertEquals(200, changed.status(), changed::toString);
            awaitRefused(browser, staffPage, IMMEDIATE, "after the role change");
            assertEquals(403, call("GET", "/api/v1/cases", staffToken, null).status(), "the API token too");
            // a write at once (its role check runs outside any request transaction, on the database's current state)
            var write = call("POST", "/api/v1/notices", staffToken, notice(a));
            assertEquals(403, write.status(), () -> "a staff write right after the role was taken away: " + write);
            assertEquals(200, call("PUT", "/api/v1/members/" + staffId + "/role", a.adminToken(), "{\"role\":\"staff\"}")
                    .status());
            awaitAdmitted(browser, staffPage, IMMEDIATE, "the role given back");
            var writeBack = call("POST", "/api/v1/notices", staffToken, notice(a));
            assertEquals(201, writeBack.status(), () -> "a staff write right after the role was given back: " + writeBack);

            // 2. the city is suspended: at once, and back after resume
            assertEquals(200, call("POST", "/api/v1/cities/" + a.code + "/suspend", Platform.vendor(), null).status());
            awaitRefused(browser, staffPage, IMMEDIATE, "city suspended");
            assertEquals(200, call("POST", "/api/v1/cities/" + a.code + "/resume", Platform.vendor(), null).status());
            awaitAdmitted(browser, staffPage, IMMEDIATE, "city resumed");

            // 3. taken out of the city in Keycloak directly (not through Kyodo): within the re-check interval
            String userId = Identities.userId(a.staff);
            Identities.leaveOrganization(a.code, userId);
            try {
                Instant start = Instant.now();
                awaitRefused(browser, staffPage, KEYCLOAK_DEADLINE, "left the organization in Keycloak");
                System.out.println("[it] page session ended " + Duration.between(start, Instant.now()).toMillis()
                        + " ms after the Keycloak change");
            } finally {
                Identities.joinOrganization(a.code, userId);
            }

            // 4. the account is closed in the city: a new sign-in is no longer let in either
            WebSignInIT.Browser again = new WebSignInIT.Browser();
            var back = again.signIn(again.get(staffPage), a.staff, TEST_PASSWORD);
            assertEquals(200, back.statusCode(), () -> again.url + " " + back.body());
            assertEquals(204, call("DELETE", "/api/v1/members/" + staffId, a.adminToken(), null).status());
            a.memberIds.remove(staffId);
            awaitRefused(again, staffPage, IMMEDIATE, "account closed");
            assertEquals(403, call("POST", "/api/v1/notices", staffToken, notice(a)).status(),
                    "a write with the closed account's token");
        }
    }

    /** A draft notice for the city's staff API (a write that needs the staff role). */
    static String notice(TestCity c) {
        return jakarta.json.Json.createObjectBuilder().add("title", c.canary + " staff write").add("body", "本文")
                .add("published", false).build().toString();
    }

    static String memberId(TestCity c, String username) {
        return call("GET", "/api/v1/members", c.adminToken(), null).array().stream().map(v -> v.asJsonObject())
                .filter(m -> username.equals(m.getString("username"))).findFirst().orElseThrow().getString("id");
    }

    /** Polls the page until it is refused (any answer but the staff page itself), failing after the deadline. */
    static void awaitRefused(WebSignInIT.Browser browser, String page, Duration deadline, String why) throws Exception {
        Instant until = Instant.now().plus(deadline);
        String last = "";
        while (Instant.now().isBefore(until)) {
            HttpResponse<String> r;
            try {
                r = browser.get(page);
            } catch (IllegalStateException redirectLoop) {
                return;
            }
            if (r.statusCode() != 200 || !browser.url.equals(page)) {
                assertTrue(r.statusCode() == 403 || browser.url.startsWith(Platform.keycloak()),
                        () -> why + ": refused with a page, not an error: " + r.statusCode() + " " + browser.url);
                return;
            }
            last = r.statusCode() + " " + browser.url;
            Thread.sleep(250);
        }
        throw new AssertionError(why + ": the staff page still answered after " + deadline + ": " + last);
    }

    static void awaitAdmitted(WebSignInIT.Browser browser, String page, Duration deadline, String why) throws Exception {
        Instant until = Instant.now().plus(deadline);
        String last = "";
        while (Instant.now().isBefore(until)) {
            var r = browser.get(page);
            if (r.statusCode() == 200 && browser.url.equals(page)) {
                return;
            }
            last = r.statusCode() + " " + browser.url;
            Thread.sleep(250);
        }
        throw new AssertionError(why + ": the staff page did not come back within " + deadline + ": " + last);
    }
}
