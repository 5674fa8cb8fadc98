package jp.kyodo.it;

import static jp.kyodo.it.Platform.TEST_PASSWORD;
import static jp.kyodo.it.Platform.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Attack suite, issue #10 item 12: personal data belongs to the immutable Keycloak subject id ({@code sub}), never to
 * the user name. A citizen with a profile, a household, consents, inbox messages, inquiries (one with a file), an
 * application and a concierge conversation closes their account; the city opens a new account with the SAME user
 * name (as a later resident, or anybody who registers the freed name, could get). The newcomer sees nothing of the
 * first person's, through the API and the pages, and a reply to the first person's inquiry does not reach them.
 */
@ExtendWith(ArquillianExtension.class)
class SubjectKeyAttackIT {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Platform.application();
    }

    @Test
    void aNewAccountWithADeletedPersonsNameSeesNothingOfTheirs() throws Exception {
        try (TestCity c = TestCity.create("282022")) {
            String name = c.citizen;
            String oldToken = Platform.freshToken(name, TEST_PASSWORD, c.scope());
            // what the first person has (TestCity filled it): remember the ids to ask for them later
            var oldProfile = call("GET", "/api/v1/me/profile", oldToken, null);
            assertEquals(200, oldProfile.status(), oldProfile::toString);
            assertTrue(oldProfile.body().contains(c.canary), oldProfile::toString);
            List<String> inquiries = new ArrayList<>();
            call("GET", "/api/v1/my/inquiries", oldToken, null).array()
                    .forEach(v -> inquiries.add(v.asJsonObject().getString("receptionNumber")));
            assertEquals(2, inquiries.size(), "the hand-over and the web-form inquiry: " + inquiries);
            var conversations = call("GET", "/api/v1/concierge/conversations", oldToken, null);
            assertEquals(200, conversations.status(), conversations::toString);
            assertTrue(conversations.body().contains(c.canary), conversations::toString);
            List<String> conversationIds = new ArrayList<>();
            conversations.array().forEach(v -> conversationIds.add(v.asJsonObject().getString("id")));
            String oldSubject = Identities.userId(name);

            // the first person's account is closed in the city (their only one, so Keycloak deletes it)
            String memberId = c.memberIds.get(1);
            var closed = call("DELETE", "/api/v1/members/" + memberId, c.adminToken(), null);
            assertEquals(204, closed.status(), closed::toString);
            assertFalse(Identities.userExists(name), "the account belonged to this city only");

            // a new account with the same user name
            var opened = call("POST", "/api/v1/members", c.adminToken(), RolesPerCityAttackIT.member(name, "citizen"));
            assertEquals(201, opened.status(), opened::toString);
            assertNotEquals(oldSubject, Identities.userId(name), "Keycloak gives the new account a new subject id");
            String token = Platform.freshToken(name, TEST_PASSWORD, c.scope());

            // API: nothing of the first person
            var profile = call("GET", "/api/v1/me/profile", token, null);
            assertEquals(404, profile.status(), () -> "the new account read the old profile: " + profile);
            var record = call("GET", "/api/v1/me/record", token, null);
            assertEquals(404, record.status(), () -> "the new account read the old record: " + record);
            var household = call("GET", "/api/v1/me/household", token, null);
            assertEquals(200, household.status(), household::toString);
            assertEquals(0, household.array().size(), () -> "the old household: " + household);
            for (String id : c.householdIds) {
                // 409 profile-required: the new account has no profile (so no household) of its own
                var m = call("GET", "/api/v1/me/household/" + id, token, null);
                assertTrue((m.status() == 404 || m.status() == 409) && m.isProblem() && !m.body().contains(c.canary),
                        () -> "an old household member: " + m);
            }
            var consents = call("GET", "/api/v1/me/consents", token, null);
            assertEquals(200, consents.status(), consents::toString);
            assertFalse(consents.body().contains("programme-guidance"), () -> "the old consents: " + consents);
            var inbox = call("GET", "/api/v1/me/inbox", token, null);
            assertEquals(200, inbox.status(), inbox::toString);
            assertEquals(0, inbox.array().size(), () -> "the old inbox: " + inbox);
            for (String id : c.messageIds) {
                var m = call("GET", "/api/v1/me/inbox/" + id, token, null);
                assertEquals(404, m.status(), () -> "an old inbox message: " + m);
            }
            var mine = call("GET", "/api/v1/my/inquiries", token, null);
            assertEquals(200, mine.status(), mine::toString);
            assertEquals(0, mine.array().size(), () -> "the old inquiries: " + mine);
            for (String number : inquiries) {
                var one = call("GET", "/api/v1/my/inquiries/" + number, token, null);
                assertEquals(404, one.status(), () -> "an old inquiry: " + one);
                var answer = call("POST", "/api/v1/my/inquiries/" + number + "/messages", token, "{\"text\":\"なりすまし\"}");
                assertEquals(404, answer.status(), () -> "answered in an old inquiry: " + answer);
            }
            for (String id : c.attachmentIds) {
                var file = Platform.download("/api/v1/my/inquiries/attachments/" + id, token);
                assertEquals(404, file.statusCode(), "an old inquiry's file");
            }
            var applications = call("GET", "/api/v1/my/applications", token, null);
            assertEquals(200, applications.status(), applications::toString);
            assertEquals(0, applications.array().size(), () -> "the old applications: " + applications);
            for (String id : c.applicationIds) {
                var one = call("GET", "/api/v1/my/applications/" + id, token, null);
                assertEquals(404, one.status(), () -> "an old application: " + one);
            }
            var talks = call("GET", "/api/v1/concierge/conversations", token, null);
            assertEquals(200, talks.status(), talks::toString);
            assertFalse(talks.body().contains(c.canary), () -> "the old concierge conversations: " + talks);
            for (String id : conversationIds) {
                var one = call("GET", "/api/v1/concierge/conversations/" + id, token, null);
                assertEquals(404, one.status(), () -> "an old concierge conversation: " + one);
            }

            // the city answers the first person's inquiry: the reply is for them, not for the new account
            var reply = call("POST", "/api/v1/cases/" + c.caseIds.get(1) + "/replies", c.staffToken(),
                    "{\"text\":\"前の方への回答 " + c.canary + "\"}");
            assertEquals(200, reply.status(), reply::toString);
            var after = call("GET", "/api/v1/me/inbox", token, null);
            assertEquals(0, after.array().size(), () -> "a reply to the first person reached the new account: " + after);

            // the newcomer registers their own profile (the first person's name does not block it, nor is it changed)
            var own = call("PUT", "/api/v1/me/profile", token, Json.createObjectBuilder().add("fullName", "新規 花子")
                    .add("fullNameKana", "しんき はなこ").add("birthDate", "1990-01-01").build().toString());
            assertEquals(200, own.status(), own::toString);
            var ownRecord = call("GET", "/api/v1/me/record", token, null);
            assertEquals(200, ownRecord.status(), ownRecord::toString);
            assertFalse(ownRecord.body().contains(c.canary), () -> "the new record holds the old one: " + ownRecord);
            assertEquals(0, ownRecord.json().getJsonArray("household").size(), ownRecord::toString);
            // the staff still see the first person's inquiry with their name
            var oldCase = call("GET", "/api/v1/cases/" + c.caseIds.get(1), c.staffToken(), null);
            assertEquals(200, oldCase.status(), oldCase::toString);
            assertEquals(name, oldCase.json().getString("citizenUsername"), oldCase::toString);

            // pages: signed in as the new account, nothing of the first person's either (the canary alone also
            // stands in the city's public notice, which every resident sees)
            String[] personal = {"試験 " + c.canary, "添付つき " + c.canary, "試験町1-2-3 " + c.canary,
                    "人と話したい " + c.canary, "試験 子 " + c.canary};
            WebSignInIT.Browser browser = new WebSignInIT.Browser();
            var me = browser.signIn(browser.get(Platform.base() + "/c/" + c.code + "/me"), name, TEST_PASSWORD);
            assertEquals(200, me.statusCode(), () -> browser.url + " " + me.body());
            for (String path : new String[] {"/me", "/me/profile", "/me/inbox", "/inquiries", "/me/applications", "/ask"}) {
                var page = browser.get(Platform.base() + "/c/" + c.code + path);
                assertEquals(200, page.statusCode(), () -> path + ": " + page.body());
                for (String p : personal) {
                    assertFalse(page.body().contains(p), () -> path + " shows the first person's data (" + p + "): " + page.body());
                }
            }
            for (String number : inquiries) {
                var page = browser.get(Platform.base() + "/c/" + c.code + "/inquiries/" + number);
                assertEquals(404, page.statusCode(), () -> "an old inquiry's page: " + page.body());
            }
            for (String id : c.applicationIds) {
                var page = browser.get(Platform.base() + "/c/" + c.code + "/me/applications/" + id);
                assertEquals(404, page.statusCode(), () -> "an old application's page: " + page.body());
            }
        }
    }

    /**
     * The same for the people who work on the city's cases (issue 10, item 12, V291/V391): a staff member takes a case
     * and a citizen asks for a person; both accounts are closed and new accounts get the same user names. The new staff
     * account finds none of the first one's cases among its own (API and page) and cannot take them as its own; staff
     * do not see the old case or hand-over attributed to the newcomers.
     */
    @Test
    void aNewStaffAccountWithADeletedPersonsNameHasNoneOfTheirCasesOrHandOvers() throws Exception {
        try (TestCity c = TestCity.create("271004")) {
            String caseId = c.caseIds.get(1);
            var taken = call("POST", "/api/v1/cases/" + caseId + "/take", c.staffToken(), null);
            assertEquals(200, taken.status(), taken::toString);
            String number = taken.json().getString("receptionNumber");
            assertEquals("試験 staff", taken.json().getString("assignee"), "the display name, not the user name: " + taken);
            var mineBefore = call("GET", "/api/v1/cases?mine=true", c.staffToken(), null);
            assertTrue(mineBefore.status() == 200 && mineBefore.body().contains(caseId), () -> "no vacuous pass: " + mineBefore);
            String handover = c.handoverIds.get(0);
            var askedBefore = call("GET", "/api/v1/concierge/handovers/" + handover, c.adminToken(), null);
            assertEquals("試験 citizen", askedBefore.json().getString("askedBy"), askedBefore::toString);

            // the staff member's and the citizen's accounts are closed; new accounts take their user names
            for (int i : new int[] {0, 1}) {
                var closed = call("DELETE", "/api/v1/members/" + c.memberIds.get(i), c.adminToken(), null);
                assertEquals(204, closed.status(), closed::toString);
            }
            assertFalse(Identities.userExists(c.staff), "the staff account belonged to this city only");
            for (String[] who : new String[][] {{c.staff, "staff"}, {c.citizen, "citizen"}}) {
                var opened = call("POST", "/api/v1/members", c.adminToken(), Json.createObjectBuilder()
                        .add("username", who[0]).add("familyName", "新規").add("givenName", who[1])
                        .add("email", "new-" + who[0] + "@example.jp").add("role", who[1]).add("password", TEST_PASSWORD)
                        .add("temporaryPassword", false).build().toString());
                assertEquals(201, opened.status(), opened::toString);
            }
            String newStaff = Platform.freshToken(c.staff, TEST_PASSWORD, c.scope());

            var mine = call("GET", "/api/v1/cases?mine=true", newStaff, null);
            assertEquals(200, mine.status(), mine::toString);
            assertFalse(mine.body().contains(caseId), () -> "the first person's case is the newcomer's: " + mine);
            var retake = call("POST", "/api/v1/cases/" + caseId + "/take", newStaff, null);
            assertEquals(409, retake.status(), () -> "the newcomer took the first person's case as its own: " + retake);
            assertTrue(retake.body().contains("case-taken"), retake::toString);
            var theCase = call("GET", "/api/v1/cases/" + caseId, c.adminToken(), null);
            String assignee = theCase.json().getString("assignee");
            assertNotEquals(c.staff, assignee, theCase::toString);
            assertNotEquals("新規 staff", assignee, theCase::toString);
            assertEquals("（退会したアカウント）", assignee, theCase::toString);

            var asked = call("GET", "/api/v1/concierge/handovers/" + handover, c.adminToken(), null);
            assertEquals(200, asked.status(), asked::toString);
            assertEquals("（退会したアカウント）", asked.json().getString("askedBy"),
                    () -> "the hand-over is shown as the newcomer's (or by the freed user name): " + asked);
            var queue = call("GET", "/api/v1/concierge/handovers", c.adminToken(), null);
            assertTrue(queue.array().stream().map(v -> v.asJsonObject()).filter(h -> h.getString("id").equals(handover))
                    .allMatch(h -> h.getString("askedBy").equals("（退会したアカウント）")), queue::toString);

            // the staff page of "my cases", signed in as the newcomer
            WebSignInIT.Browser browser = new WebSignInIT.Browser();
            var page = browser.signIn(browser.get(Platform.base() + "/c/" + c.code + "/staff/cases/mine"), c.staff,
                    TEST_PASSWORD);
            assertEquals(200, page.statusCode(), () -> browser.url + " " + page.body());
            assertTrue(page.body().contains("自分の担当案件"), page::body);
            assertFalse(page.body().contains(number), () -> "the first person's case on the newcomer's page: " + page.body());
        }
    }
}
