package jp.kyodo.it;

import static jp.kyodo.it.Platform.TEST_PASSWORD;
import static jp.kyodo.it.Platform.call;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * A city created through the vendor API for a test, with an administrator, staff and a citizen,
 * a canary notice whose text is unique to this city, and a concierge hand-over quoting it. {@link #close()} exports and deletes it.
 */
public final class TestCity implements AutoCloseable {

    public final String code;
    public final String admin;
    public final String staff;
    public final String citizen;
    public final String operator;
    public final String canary;
    public final List<String> noticeIds = new ArrayList<>();
    public final List<String> memberIds = new ArrayList<>();
    public final List<String> handoverIds = new ArrayList<>();
    /** Ids of the city's programme registry entries (rows in programme_entry and programme_version). */
    public final List<String> programmeIds = new ArrayList<>();
    public final List<String> caseIds = new ArrayList<>();
    /** The citizen's household members and inbox messages (rows in household_member, inbox_message). */
    public final List<String> householdIds = new ArrayList<>();
    public final List<String> messageIds = new ArrayList<>();
    public final List<String> attachmentIds = new ArrayList<>();
    /** A submitted application with a file (rows in procedure_entry, procedure_version, application, its events and files). */
    public final List<String> applicationIds = new ArrayList<>();
    public final List<String> applicationFileIds = new ArrayList<>();
    public final List<String> lifeEventBundleIds = new ArrayList<>();

    private TestCity(String code) {
        this.code = code;
        this.admin = "it-admin-" + code;
        this.staff = "it-staff-" + code;
        this.citizen = "it-citizen-" + code;
        this.operator = "it-operator-" + code;
        this.canary = "CANARY-" + code + "-" + Long.toHexString(System.nanoTime());
    }

    /**
     * The two demo cities as test cities (尼崎市 282022 in 兵庫県, 武蔵野市 132039 in 東京都): their demo knowledge bases
     * and programmes differ, so a test can tell the cities' answers apart.
     */
    public static TestCity[] demoPair() {
        return new TestCity[] {create("282022"), create("132039")};
    }

    /** Exports and deletes each city that was created (nulls skipped). */
    public static void closeAll(TestCity... cities) {
        for (TestCity t : cities) {
            if (t != null) {
                t.close();
            }
        }
    }

    /** Creates (or finds) the city and fills it with a few records. */
    public static TestCity create(String code) {
        return create(code, null);
    }

    public static TestCity create(String code, String portalHost) {
        TestCity c = new TestCity(code);
        var body = Json.createObjectBuilder().add("code", code)
                .add("adminUsername", c.admin).add("adminEmail", c.admin + "@example.jp")
                .add("adminPassword", TEST_PASSWORD);
        if (portalHost != null) {
            body.add("portalHost", portalHost);
        }
        var reply = call("POST", "/api/v1/cities", Platform.vendor(), body.build().toString());
        assertTrue(reply.status() == 201 || reply.status() == 200, () -> "create city " + code + ": " + reply);
        c.memberIds.add(addMember(c, c.staff, "staff"));
        c.memberIds.add(addMember(c, c.citizen, "citizen"));
        c.memberIds.add(addMember(c, c.operator, "operator"));
        for (int i = 0; i < 2; i++) {
            var n = call("POST", "/api/v1/notices", c.adminToken(), Json.createObjectBuilder()
                    .add("title", c.canary + " notice " + i).add("body", "本文 " + c.canary).add("published", i == 0)
                    .build().toString());
            assertTrue(n.status() == 201, () -> "notice: " + n);
            c.noticeIds.add(n.json().getString("id"));
        }
        // a question handed over to a person: rows in concierge_handover and concierge_usage
        var ask = call("POST", "/api/v1/concierge/ask", c.citizenToken(), Json.createObjectBuilder()
                .add("question", "人と話したい " + c.canary).build().toString());
        assertTrue(ask.status() == 200 && ask.json().getString("outcome").equals("HANDOVER"), () -> "concierge: " + ask);
        c.handoverIds.add(ask.json().getString("handoverId"));
        // the programme registry starts from the shipped templates on first use
        var programmes = call("GET", "/api/v1/programmes", c.adminToken(), null);
        assertTrue(programmes.status() == 200 && !programmes.array().isEmpty(), () -> "programmes: " + programmes);
        programmes.array().forEach(v -> c.programmeIds.add(v.asJsonObject().getString("id")));
        // the hand-over became a contact-centre case (inquiry_case, case_event, queues, rules, targets, counter);
        // an FAQ proposal from it fills faq_proposal
        var handedOver = call("GET", "/api/v1/cases/" + ask.json().getString("receptionNumber"), c.staffToken(), null);
        assertTrue(handedOver.status() == 200, () -> "case of the hand-over: " + handedOver);
        c.caseIds.add(handedOver.json().getString("id"));
        var proposal = call("POST", "/api/v1/cases/" + c.caseIds.get(0) + "/faq-proposals", c.staffToken(),
                Json.createObjectBuilder().add("kind", "NEW_ENTRY").add("question", "窓口の担当者と話すには " + c.canary)
                        .add("answer", "お電話でお問い合わせください。").build().toString());
        assertTrue(proposal.status() == 201, () -> "FAQ proposal: " + proposal);
        // a phone contact without an account who left an e-mail address: the reply goes by e-mail with a personal
        // link (case_contact_link, mail_outbox without an inbox message)
        var contact = call("POST", "/api/v1/cases", c.operatorToken(), Json.createObjectBuilder().add("channel", "PHONE")
                .add("category", "other").add("subject", "連絡先のみの相談 " + c.canary).add("notes", "通話メモ " + c.canary)
                .add("contactName", "試験 連絡").add("contactEmail", "contact-" + code + "@example.jp").build().toString());
        assertTrue(contact.status() == 201, () -> "contact case: " + contact);
        var contactReply = call("POST", "/api/v1/cases/" + contact.json().getString("id") + "/replies", c.operatorToken(),
                "{\"text\":\"ご連絡ありがとうございます。\"}");
        assertTrue(contactReply.status() == 200, () -> "reply to the contact: " + contactReply);
        // the citizen's record: citizen_profile, household_member, consent_event; the profile change notifies the
        // citizen (inbox_message) and, with e-mail chosen, queues a mail (mail_outbox)
        var profile = call("PUT", "/api/v1/me/profile", c.citizenToken(), Json.createObjectBuilder()
                .add("fullName", "試験 " + c.canary).add("fullNameKana", "しけん たろう").add("birthDate", "1985-04-01")
                .add("email", c.citizen + "@example.jp").add("emailNotifications", true).build().toString());
        assertTrue(profile.status() == 200, () -> "profile: " + profile);
        var household = call("GET", "/api/v1/me/household", c.citizenToken(), null);
        if (household.status() == 200 && household.array().isEmpty()) {
            var member = call("POST", "/api/v1/me/household", c.citizenToken(), Json.createObjectBuilder()
                    .add("fullName", "試験 子 " + c.canary).add("fullNameKana", "しけん はなこ").add("relationship", "child")
                    .add("birthDate", "2019-05-10").build().toString());
            assertTrue(member.status() == 201, () -> "household member: " + member);
            household = call("GET", "/api/v1/me/household", c.citizenToken(), null);
        }
        household.array().forEach(v -> c.householdIds.add(v.asJsonObject().getString("id")));
        var consent = call("POST", "/api/v1/me/consents", c.citizenToken(), "{\"purpose\":\"programme-guidance\",\"given\":true}");
        assertTrue(consent.status() == 200, () -> "consent: " + consent);
        var inbox = call("GET", "/api/v1/me/inbox", c.citizenToken(), null);
        assertTrue(inbox.status() == 200 && !inbox.array().isEmpty(), () -> "inbox: " + inbox);
        inbox.array().forEach(v -> c.messageIds.add(v.asJsonObject().getString("id")));
        // an inquiry from the web form with a file: case_attachment
        var withFile = Platform.multipart("/api/v1/my/inquiries", c.citizenToken(),
                Platform.Part.field("category", "other"), Platform.Part.field("subject", "添付つき " + c.canary),
                Platform.Part.field("message", "書類を添付します " + c.canary),
                Platform.Part.file("memo.txt", "text/plain", ("メモ " + c.canary).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertTrue(withFile.status() == 201, () -> "inquiry with a file: " + withFile);
        c.caseIds.add(withFile.json().getString("id"));
        withFile.json().getJsonArray("timeline").forEach(e -> e.asJsonObject().getJsonArray("attachments")
                .forEach(a -> c.attachmentIds.add(a.asJsonObject().getString("id"))));
        assertTrue(!c.attachmentIds.isEmpty(), () -> "the file is listed on the message: " + withFile);
        // an online application with a photo (粗大ごみ収集申込): procedure_entry and procedure_version (the shipped
        // templates adopted on first use), application, application_event, application_file
        var application = Platform.multipart("/api/v1/my/applications/submissions", c.citizenToken(),
                Platform.Part.field("procedureId", "sodai-gomi"), Platform.Part.field("answers", Json.createObjectBuilder()
                        .add("contact.address", "試験町1-2-3 " + c.canary).add("contact.phone", "06-1234-5678")
                        .add("items[0].item", "たんす").add("items[0].quantity", "1").build().toString()),
                new Platform.Part("photo", "photo.png", "image/png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A,
                        0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 1}));
        assertTrue(application.status() == 201, () -> "application: " + application);
        c.applicationIds.add(application.json().getString("id"));
        var filed = call("GET", "/api/v1/my/applications/" + c.applicationIds.get(0), c.citizenToken(), null);
        assertTrue(filed.status() == 200, () -> "application: " + filed);
        filed.json().getJsonArray("files").forEach(f -> c.applicationFileIds.add(f.asJsonObject().getString("id")));
        assertTrue(!c.applicationFileIds.isEmpty(), () -> "the photo is on the application: " + filed);
        // a life-event bundle started (life_event_bundle, and the agent's tool calls in life_event_tool_call)
        var bundle = call("POST", "/api/v1/my/life-events", c.citizenToken(), "{\"bundle\":\"birth\"}");
        assertTrue(bundle.status() == 201, () -> "life-event bundle: " + bundle);
        c.lifeEventBundleIds.add(bundle.json().getString("id"));
        return c;
    }

    static String addMember(TestCity c, String username, String role) {
        var existing = call("GET", "/api/v1/members", c.adminToken(), null);
        assertTrue(existing.status() == 200, () -> "members of " + c.code + ": " + existing + " token claims: "
                + new String(java.util.Base64.getUrlDecoder().decode(c.adminToken().split("\\.")[1])));
        for (var v : existing.array()) {
            JsonObject m = v.asJsonObject();
            if (m.getString("username").equals(username)) {
                return m.getString("id");
            }
        }
        var r = call("POST", "/api/v1/members", c.adminToken(), Json.createObjectBuilder().add("username", username)
                .add("familyName", "試験").add("givenName", role).add("email", username + "@example.jp")
                .add("role", role).add("password", TEST_PASSWORD).add("temporaryPassword", false).build().toString());
        assertTrue(r.status() == 201, () -> "member " + username + ": " + r);
        return r.json().getString("id");
    }

    public String scope() {
        return "openid organization:" + code;
    }

    public String adminToken() {
        return Platform.token(admin, TEST_PASSWORD, scope());
    }

    public String staffToken() {
        return Platform.token(staff, TEST_PASSWORD, scope());
    }

    public String operatorToken() {
        return Platform.token(operator, TEST_PASSWORD, scope());
    }

    public String citizenToken() {
        return Platform.token(citizen, TEST_PASSWORD, scope());
    }

    /** Exports then deletes the city (asked by one vendor, approved by another), as at the end of a contract. */
    @Override
    public void close() {
        String v = Platform.vendor();
        call("POST", "/api/v1/cities/" + code + "/resume", v, null);
        call("GET", "/api/v1/cities/" + code + "/export", v, null);
        var d = Platform.deleteCity(code);
        assertTrue(d.status() == 404 || (d.status() == 200 && "DELETED".equals(d.json().getString("status"))),
                () -> "delete " + code + ": " + d);
        // the city's accounts are gone: a later test that creates the city again gets new accounts with new subject
        // ids, whose roles a cached token of the old ones (same names) would not carry
        Platform.forgetTokens();
    }
}
