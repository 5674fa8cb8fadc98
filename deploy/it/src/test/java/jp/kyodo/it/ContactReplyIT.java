package jp.kyodo.it;

import static jp.kyodo.it.Platform.call;
import static jp.kyodo.it.Platform.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/**
 * Replies to people without a citizen account: staff reply to a phone case that carries an e-mail address → the
 * e-mail reaches the SMTP sink with the reception number and a personal link → the link's page (no sign-in) shows the
 * reply and takes an answer → staff see the answer on the case. A tampered token, another city's path with a valid
 * token and an expired link are 404; only the token's hash is stored; a case without an address keeps a clear 409.
 */
@ExtendWith(ArquillianExtension.class)
class ContactReplyIT {

    private static final Pattern LINK = Pattern.compile("(https?://\\S+/c/(\\d{6})/inquiries/reply/([A-Za-z0-9_-]{43}))");
    private static final String NONCE = Long.toString(System.nanoTime(), 36);
    private static TestCity ama;
    private static TestCity msn;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Platform.application();
    }

    static synchronized void cities() {
        if (ama == null) {
            TestCity[] pair = TestCity.demoPair();
            ama = pair[0];
            msn = pair[1];
        }
    }

    @AfterAll
    static void cleanUp() {
        TestCity.closeAll(ama, msn);
    }

    @Test
    void aContactWithoutAnAccountReadsTheReplyByLinkAndAnswersBackIntoTheCase() throws Exception {
        cities();
        String address = "contact-" + NONCE + "@example.jp";
        var logged = call("POST", "/api/v1/cases", ama.operatorToken(), Json.createObjectBuilder().add("channel", "PHONE")
                .add("category", "waste").add("subject", "粗大ごみの出し方 " + NONCE)
                .add("notes", "電話での相談。INTERNAL-" + NONCE).add("contactName", "試験 花子")
                .add("contactEmail", address).build().toString());
        assertEquals(201, logged.status(), logged::toString);
        String caseId = logged.json().getString("id");
        String number = logged.json().getString("receptionNumber");

        var reply = call("POST", "/api/v1/cases/" + caseId + "/replies", ama.operatorToken(),
                "{\"text\":\"粗大ごみは予約制です。REPLY-" + NONCE + "\"}");
        assertEquals(200, reply.status(), reply::toString);
        assertEquals("WAITING_FOR_CITIZEN", reply.json().getString("status"), reply::toString);

        String mail = mailTo(address, "REPLY-" + NONCE);
        assertTrue(mail.contains(number), () -> "the reception number is in the e-mail: " + mail);
        assertFalse(mail.contains("INTERNAL-" + NONCE), "no internal note in the e-mail");
        Matcher m = LINK.matcher(mail);
        assertTrue(m.find(), () -> "a personal link in the e-mail: " + mail);
        String link = m.group(1);
        String token = m.group(3);
        assertEquals(ama.code, m.group(2));
        assertTrue(link.startsWith(Platform.base()), () -> "the link points at the platform: " + link);

        // only the hash is stored
        try (Connection c = Platform.appConnection()) {
            c.setAutoCommit(false);
            bind(c, ama.code);
            assertEquals(0, count(c, "SELECT count(*) FROM case_contact_link WHERE token_hash = '" + token + "'"));
            assertEquals(1, count(c, "SELECT count(*) FROM case_contact_link WHERE token_hash = '" + sha256(token) + "'"));
            c.rollback();
        }

        // the contact reads and answers in a browser, without signing in
        List<String> problems = new ArrayList<>();
        String answer = "ありがとうございます。日程を教えてください。ANSWER-" + NONCE;
        try (Chromium contact = Chromium.start()) {
            contact.open(link);
            String text = contact.text();
            assertTrue(text.contains("REPLY-" + NONCE) && text.contains(number), () -> "the reply on the page: " + text);
            assertFalse(text.contains("INTERNAL-" + NONCE) || text.contains(ama.operator), () -> "nothing internal: " + text);
            problems.addAll(BrowserIT.check(contact, "contact thread"));
            contact.type(By.id("message"), answer);
            contact.submit(By.id("message"));
            contact.find(By.cssSelector("[role=status]"));
            assertTrue(contact.text().contains(answer) && contact.text().contains("返信を送りました"), contact::text);
            problems.addAll(BrowserIT.check(contact, "contact thread after sending"));
        }
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));

        var seen = get("/api/v1/cases/" + caseId, ama.operatorToken());
        assertEquals(200, seen.status(), seen::toString);
        assertTrue(seen.json().getJsonArray("timeline").stream().map(v -> v.asJsonObject())
                .anyMatch(e -> e.getString("kind").equals("CITIZEN_MESSAGE") && e.getString("body").contains(answer)),
                () -> "staff see the contact's answer on the case: " + seen);
        assertTrue(List.of("NEW", "ESCALATED").contains(seen.json().getString("status")),
                () -> "back to its queue (nobody had taken it): " + seen);

        // tampered token, malformed token, another city's path with the valid token: 404 pages
        HttpClient http = HttpClient.newHttpClient();
        char last = token.charAt(token.length() - 1);
        String tampered = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
        for (String url : List.of(Platform.base() + "/c/" + ama.code + "/inquiries/reply/" + tampered,
                Platform.base() + "/c/" + ama.code + "/inquiries/reply/short",
                Platform.base() + "/c/" + msn.code + "/inquiries/reply/" + token)) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertEquals(404, r.statusCode(), () -> url + ": " + r.body());
            assertTrue(r.body().contains("ページが見つかりません"), r::body);
            assertFalse(r.body().contains("REPLY-" + NONCE), r::body);
            HttpResponse<String> p = http.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("message=x")).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertTrue(p.statusCode() == 404 || p.statusCode() == 400 || p.statusCode() == 403,
                    () -> url + " POST: " + p.statusCode());
        }
        HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create(link)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertEquals(200, ok.statusCode());
        assertEquals("same-origin", ok.headers().firstValue("Referrer-Policy").orElse(""), "the reply link never leaves for another site");

        // resolved and closed: the link still shows the thread (30 days), answering is refused; expired: 404
        assertEquals(200, call("POST", "/api/v1/cases/" + caseId + "/resolution", ama.operatorToken(),
                "{\"answer\":\"予約は電話で受け付けます。RESOLVED-" + NONCE + "\"}").status());
        Matcher newer = LINK.matcher(mailTo(address, "RESOLVED-" + NONCE));
        assertTrue(newer.find(), "the resolution's e-mail brings a new link");
        HttpResponse<String> revoked = http.send(HttpRequest.newBuilder(URI.create(link)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertEquals(404, revoked.statusCode(), "the first e-mail's link is revoked by the newer one");
        String latest = newer.group(1);
        assertEquals(200, call("POST", "/api/v1/cases/" + caseId + "/close", ama.operatorToken(), null).status());
        HttpResponse<String> closed = http.send(HttpRequest.newBuilder(URI.create(latest)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertEquals(200, closed.statusCode(), closed::body);
        assertTrue(closed.body().contains("完了しました") && !closed.body().contains("<textarea"), closed::body);
        try (Connection c = Platform.appConnection()) {
            c.setAutoCommit(false);
            bind(c, ama.code);
            assertTrue(count(c, "SELECT count(*) FROM case_contact_link WHERE case_id = '" + caseId
                    + "' AND expires_at > now() + interval '29 days'") >= 1, "links expire 30 days after closing");
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE case_contact_link SET expires_at = now() - interval '1 minute' WHERE case_id = ?::uuid")) {
                ps.setString(1, caseId);
                ps.executeUpdate();
            }
            c.commit();
        }
        HttpResponse<String> expired = http.send(HttpRequest.newBuilder(URI.create(latest)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertEquals(404, expired.statusCode(), expired::body);
    }

    /**
     * A visitor without an account who asked the concierge in English for a person is written to in English: the
     * reply's e-mail (subject, words around the reply, the link's lifetime) and the link, which opens the thread in
     * English. The reply itself stays as staff wrote it.
     */
    @Test
    void aVisitorWhoAskedInEnglishIsRepliedToInEnglish() throws Exception {
        cities();
        String address = "english-" + NONCE + "@example.jp";
        WebSignInIT.Browser visitor = new WebSignInIT.Browser();
        visitor.get(Platform.base() + "/c/" + ama.code + "/ask?lang=en");
        HttpResponse<String> asked = visitor.post(Platform.base() + "/c/" + ama.code + "/ask", "question="
                + java.net.URLEncoder.encode("I would like to talk to a person about collecting my old sofa",
                        StandardCharsets.UTF_8)
                + "&action=handover&contactName=Anna+Smith&contactEmail=" + java.net.URLEncoder.encode(address, StandardCharsets.UTF_8));
        assertEquals(200, asked.statusCode(), asked::body);
        Matcher n = Pattern.compile("20\\d\\d-\\d{6}").matcher(asked.body());
        assertTrue(n.find(), () -> "a reception number on the page: " + asked.body());
        String number = n.group();
        var opened = get("/api/v1/cases/" + number, ama.operatorToken());
        assertEquals(200, opened.status(), opened::toString);
        assertEquals("en", opened.json().getString("language"), opened::toString);
        var reply = call("POST", "/api/v1/cases/" + opened.json().getString("id") + "/replies", ama.operatorToken(),
                "{\"text\":\"粗大ごみ受付センターに電話してください。EN-REPLY-" + NONCE + "\"}");
        assertEquals(200, reply.status(), reply::toString);

        MimeMessage mail = messageTo(address, "EN-REPLY-" + NONCE);
        String body = String.valueOf(mail.getContent());
        String subject = mail.getSubject();
        assertTrue(subject.contains("Reception number " + number), subject);
        assertTrue(body.startsWith("Dear Anna Smith,") && body.contains("have replied to your inquiry (reception number "
                + number + ")") && body.contains("no account needed") && body.contains("after 30 days at the latest"),
                () -> "the words around the reply are English: " + body);
        assertTrue(body.contains("粗大ごみ受付センターに電話してください。EN-REPLY-" + NONCE), "the reply as staff wrote it");
        assertFalse(body.contains("様") || body.contains("アカウントは不要"), () -> "no Japanese frame: " + body);
        Matcher link = Pattern.compile("(https?://\\S+/inquiries/reply/[A-Za-z0-9_-]{43}\\?lang=en)\\s").matcher(body);
        assertTrue(link.find(), () -> "the link opens the thread in English: " + body);
        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(link.group(1))).GET()
                .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertEquals(200, page.statusCode(), page::body);
        assertTrue(page.body().contains("lang=\"en\"") && page.body().contains("EN-REPLY-" + NONCE), page::body);
    }

    /** Issue 10, item 13: a link works a fixed time after it was issued, and only until a newer one is sent. */
    @Test
    void aReplyLinkIsRevokedByANewerOneAndExpiresAFixedTimeAfterIssue() throws Exception {
        cities();
        String address = "links-" + NONCE + "@example.jp";
        var logged = call("POST", "/api/v1/cases", ama.operatorToken(), Json.createObjectBuilder().add("channel", "EMAIL")
                .add("category", "waste").add("subject", "リンクの期限 " + NONCE).add("notes", "メールでの相談")
                .add("contactEmail", address).build().toString());
        assertEquals(201, logged.status(), logged::toString);
        String caseId = logged.json().getString("id");
        HttpClient http = HttpClient.newHttpClient();
        List<String> links = new ArrayList<>();
        for (String marker : List.of("FIRST-" + NONCE, "SECOND-" + NONCE)) {
            assertEquals(200, call("POST", "/api/v1/cases/" + caseId + "/replies", ama.operatorToken(),
                    "{\"text\":\"" + marker + "\"}").status());
            Matcher m = LINK.matcher(mailTo(address, marker));
            assertTrue(m.find());
            links.add(m.group(1));
        }
        assertEquals(404, http.send(HttpRequest.newBuilder(URI.create(links.get(0))).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode(), "the older link is revoked");
        assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(links.get(1))).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode(), "the newest link works");
        try (Connection c = Platform.appConnection()) {
            c.setAutoCommit(false);
            bind(c, ama.code);
            assertEquals(1, count(c, "SELECT count(*) FROM case_contact_link WHERE case_id = '" + caseId
                    + "' AND expires_at <= created_at + interval '30 days' AND expires_at > now()"), "a fixed lifetime from issue");
            // issued 31 days ago, the case still open, no expiry stored (as links were before): no longer works
            try (PreparedStatement ps = c.prepareStatement("UPDATE case_contact_link SET created_at = now() - interval '31 days',"
                    + " expires_at = NULL WHERE case_id = ?::uuid AND expires_at > now()")) {
                ps.setString(1, caseId);
                assertEquals(1, ps.executeUpdate());
            }
            c.commit();
        }
        assertEquals(404, http.send(HttpRequest.newBuilder(URI.create(links.get(1))).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode(), "31 days after issue the link is dead, case open or not");
    }

    @Test
    void withoutAnAddressTheReplyIsAClear409AndTheStaffPageSaysToCall() {
        cities();
        var logged = call("POST", "/api/v1/cases", ama.operatorToken(), Json.createObjectBuilder().add("channel", "PHONE")
                .add("category", "procedures").add("subject", "電話のみの相談 " + NONCE).add("notes", "通話メモ")
                .add("contactName", "電話 太郎").add("contactPhone", "06-0000-0000").build().toString());
        assertEquals(201, logged.status(), logged::toString);
        JsonObject c = logged.json();
        var r = call("POST", "/api/v1/cases/" + c.getString("id") + "/replies", ama.operatorToken(), "{\"text\":\"折り返します\"}");
        assertEquals(409, r.status(), r::toString);
        assertTrue(r.isProblem() && r.body().contains("no-citizen-account") && r.body().contains("電話"), r::toString);
        try (Chromium op = Chromium.start()) {
            op.open(Platform.base() + "/c/" + ama.code + "/staff/cases/" + c.getString("receptionNumber"));
            op.signIn(ama.operator, Platform.TEST_PASSWORD);
            String text = op.text();
            assertTrue(text.contains("06-0000-0000）で連絡し") && text.contains("内部メモに記録"), text);
            assertTrue(op.allAccessibilityViolations().isEmpty(), () -> op.allAccessibilityViolations().toString());
        }
    }

    private static String mailTo(String address, String marker) throws Exception {
        MimeMessage m = messageTo(address, marker);
        assertTrue(m.getSubject().contains("受付番号"), m.getSubject());
        return String.valueOf(m.getContent());
    }

    private static MimeMessage messageTo(String address, String marker) throws Exception {
        var sink = BackingServices.stack().flatMap(s -> s.mailSink())
                .orElseThrow(() -> new AssertionError("the SMTP sink runs in the integration tests"));
        for (int i = 0; i < 120; i++) {
            for (MimeMessage m : sink.received()) {
                if (m.getAllRecipients()[0].toString().equals(address) && String.valueOf(m.getContent()).contains(marker)) {
                    return m;
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no e-mail with " + marker + " reached " + address);
    }

    private static void bind(Connection c, String code) throws Exception {
        try (PreparedStatement bind = c.prepareStatement(
                "SELECT set_config('app.tenant_id', (SELECT id::text FROM city WHERE lg_code = ?), true)")) {
            bind.setString(1, code);
            bind.executeQuery().close();
        }
    }

    private static long count(Connection c, String sql) throws Exception {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String sha256(String token) throws Exception {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
    }
}
