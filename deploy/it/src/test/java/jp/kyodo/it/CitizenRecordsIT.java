package jp.kyodo.it;

import static jp.kyodo.it.Platform.call;
import static jp.kyodo.it.Platform.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The citizen record, notifications and "my programmes" in the deployed application: the profile round trip and its
 * problem documents, nothing half-saved, another city's staff and citizens get 404, staff reads are audited, a
 * notification reaches the inbox and the SMTP server (the devstack's GreenMail sink in this JVM), and the portal
 * pages show 児童手当 with an amount and the birth guide in order.
 */
@ExtendWith(ArquillianExtension.class)
class CitizenRecordsIT {

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

    static String profileJson(String name, String kana, String postal, String email, boolean mail) {
        var b = Json.createObjectBuilder().add("fullName", name).add("fullNameKana", kana).add("birthDate", "1988-06-15")
                .add("postalCode", postal).add("prefecture", "兵庫県").add("municipality", "尼崎市").add("street", "東七松町1-23-1")
                .add("phone", "06-6375-0001").add("language", "ja").add("emailNotifications", mail);
        if (email != null) {
            b.add("email", email);
        }
        return b.build().toString();
    }

    static Set<String> fields(Platform.Reply r) {
        return r.json().getJsonArray("errors").stream().map(v -> v.asJsonObject().getString("field")).collect(Collectors.toSet());
    }

    @Test
    void profileRoundTripValidationAndNothingHalfSaved() throws Exception {
        cities();
        String token = ama.citizenToken();
        var saved = call("PUT", "/api/v1/me/profile", token, profileJson("尼崎 太郎 " + ama.canary, "ｱﾏｶﾞｻｷ タロウ",
                "６６０８５０１", ama.citizen + "@example.jp", true));
        assertEquals(200, saved.status(), saved::toString);
        var read = get("/api/v1/me/profile", token);
        assertEquals(200, read.status(), read::toString);
        JsonObject p = read.json();
        assertEquals("尼崎 太郎 " + ama.canary, p.getString("fullName"));
        assertEquals("アマガサキ タロウ", p.getString("fullNameKana"), "half-width katakana normalised");
        assertEquals("660-8501", p.getString("postalCode"), "full-width digits normalised, hyphen added");
        assertEquals("1988-06-15", p.getString("birthDate"));
        assertEquals(List.of("portal", "email"), p.getJsonArray("channels").getValuesAs(jakarta.json.JsonString.class)
                .stream().map(jakarta.json.JsonString::getString).toList());

        // an invalid change is a problem document listing every field, and changes nothing
        var bad = call("PUT", "/api/v1/me/profile", token, profileJson("変更 後", "変更後", "12-34", "nope", true));
        assertEquals(400, bad.status(), bad::toString);
        assertTrue(bad.isProblem(), bad::toString);
        assertEquals(Set.of("fullNameKana", "postalCode", "email"), fields(bad), bad::toString);
        assertTrue(bad.body().contains("ひらがなまたはカタカナ"), bad::toString);
        assertEquals("尼崎 太郎 " + ama.canary, get("/api/v1/me/profile", token).json().getString("fullName"), "unchanged");

        // household: invalid → 400 and no row; valid → 201, change, remove
        int before = get("/api/v1/me/household", token).array().size();
        var badMember = call("POST", "/api/v1/me/household", token,
                "{\"fullName\":\"\",\"fullNameKana\":\"ABC\",\"relationship\":\"cousin\",\"birthDate\":\"2019-02-30\"}");
        assertEquals(400, badMember.status(), badMember::toString);
        assertEquals(Set.of("fullName", "fullNameKana", "relationship", "birthDate"), fields(badMember), badMember::toString);
        assertEquals(before, get("/api/v1/me/household", token).array().size(), "nothing half-saved");
        var added = call("POST", "/api/v1/me/household", token,
                "{\"fullName\":\"尼崎 次郎\",\"fullNameKana\":\"あまがさき じろう\",\"relationship\":\"child\",\"birthDate\":\"2020-01-01\"}");
        assertEquals(201, added.status(), added::toString);
        String id = added.json().getString("id");
        assertTrue(added.json().getBoolean("actsFor"), "a child under 18 is acted for by default");
        var changed = call("PUT", "/api/v1/me/household/" + id, token,
                "{\"fullName\":\"尼崎 次郎\",\"fullNameKana\":\"あまがさき じろう\",\"relationship\":\"child\",\"birthDate\":\"2020-01-01\",\"actsFor\":false}");
        assertEquals(200, changed.status(), changed::toString);
        assertFalse(changed.json().getBoolean("actsFor"));
        assertEquals(204, call("DELETE", "/api/v1/me/household/" + id, token, null).status());
        assertEquals(404, get("/api/v1/me/household/" + id, token).status());

        // consents: an append-only history; the app role cannot rewrite it
        var given = call("POST", "/api/v1/me/consents", token, "{\"purpose\":\"surveys\",\"given\":true}");
        assertEquals(200, given.status(), given::toString);
        var withdrawn = call("POST", "/api/v1/me/consents", token, "{\"purpose\":\"surveys\",\"given\":false}");
        assertEquals(200, withdrawn.status(), withdrawn::toString);
        JsonObject surveys = withdrawn.array().stream().map(v -> v.asJsonObject())
                .filter(c -> c.getString("purpose").equals("surveys")).findFirst().orElseThrow();
        assertFalse(surveys.getBoolean("given"), "the latest answer counts");
        var record = get("/api/v1/me/record", token);
        assertTrue(record.json().getJsonArray("consentHistory").stream()
                .filter(v -> v.asJsonObject().getString("purpose").equals("surveys")).count() >= 2, record::toString);
        assertEquals(400, call("POST", "/api/v1/me/consents", token, "{\"purpose\":\"sell-my-data\",\"given\":true}").status());
        try (Connection conn = Platform.appConnection()) {
            conn.setAutoCommit(false);
            TenantIsolationIT.bind(conn, TenantIsolationIT.cityId(ama.code));
            try (Statement s = conn.createStatement()) {
                s.executeUpdate("UPDATE consent_event SET given = true");
                fail("consent_event must be append-only");
            } catch (SQLException e) {
                assertEquals("42501", e.getSQLState(), e.getMessage());
            }
            conn.rollback();
        }
    }

    @Test
    void anotherCitySeesNothingAndStaffReadsAreAudited() throws Exception {
        cities();
        // the staff of the citizen's own city read the record; the read is audited
        var own = get("/api/v1/citizens/" + ama.citizen, ama.staffToken());
        assertEquals(200, own.status(), own::toString);
        assertTrue(own.body().contains(ama.canary), own::toString);
        try (Connection conn = Platform.appConnection()) {
            conn.setAutoCommit(false);
            TenantIsolationIT.bind(conn, TenantIsolationIT.cityId(ama.code));
            try (PreparedStatement ps = conn.prepareStatement("SELECT count(*) FROM audit_event WHERE action = "
                    + "'personal-data.read' AND entity_type = 'citizen' AND actor = ?")) {
                ps.setString(1, ama.staff);
                ResultSet rs = ps.executeQuery();
                rs.next();
                assertTrue(rs.getLong(1) >= 1, "the staff read is in the audit trail");
            }
            conn.rollback();
        }
        // another city's staff, admin and citizen: 404 without a trace of A's data
        for (String token : new String[] {msn.staffToken(), msn.adminToken()}) {
            var r = get("/api/v1/citizens/" + ama.citizen, token);
            assertTrue(r.status() == 404 || r.status() == 403, r::toString);
            assertTrue(r.isProblem(), r::toString);
            assertFalse(r.body().contains(ama.canary), r::toString);
        }
        assertEquals(404, get("/api/v1/citizens/" + ama.citizen, msn.staffToken()).status());
        assertEquals(403, get("/api/v1/citizens/" + ama.citizen, ama.citizenToken()).status(), "citizens cannot use the staff read");
        for (String memberId : ama.householdIds) {
            for (String method : new String[] {"GET", "DELETE"}) {
                var r = call(method, "/api/v1/me/household/" + memberId, msn.citizenToken(), null);
                assertEquals(404, r.status(), r::toString);
                assertFalse(r.body().contains(ama.canary), r::toString);
            }
            var put = call("PUT", "/api/v1/me/household/" + memberId, msn.citizenToken(),
                    "{\"fullName\":\"x\",\"fullNameKana\":\"えっくす\",\"relationship\":\"child\"}");
            assertEquals(404, put.status(), put::toString);
        }
        for (String messageId : ama.messageIds) {
            assertEquals(404, get("/api/v1/me/inbox/" + messageId, msn.citizenToken()).status());
            assertEquals(404, call("POST", "/api/v1/me/inbox/" + messageId + "/read", msn.citizenToken(), null).status());
        }
        var mine = get("/api/v1/me/profile", msn.citizenToken());
        assertEquals(200, mine.status(), mine::toString);
        assertFalse(mine.body().contains(ama.canary), mine::toString);
        assertEquals(200, get("/api/v1/me/household/" + ama.householdIds.get(0), ama.citizenToken()).status(),
                "still there for its owner");
    }

    @Test
    void aNotificationReachesTheInboxAndTheMailServer() throws Exception {
        cities();
        String token = msn.citizenToken();
        String address = "it-mail-" + Long.toHexString(System.nanoTime()) + "@example.jp";
        long unreadBefore = get("/api/v1/me/inbox/unread", token).json().getJsonNumber("unread").longValue();
        var saved = call("PUT", "/api/v1/me/profile", token, Json.createObjectBuilder().add("fullName", "武蔵野 花子")
                .add("fullNameKana", "むさしの はなこ").add("email", address).add("emailNotifications", true).build().toString());
        assertEquals(200, saved.status(), saved::toString);

        var inbox = get("/api/v1/me/inbox", token);
        JsonObject newest = inbox.array().getJsonObject(0);
        assertEquals("登録情報を変更しました", newest.getString("subject"), inbox::toString);
        assertFalse(newest.containsKey("readAt") && !newest.isNull("readAt"), "unread");
        assertEquals(unreadBefore + 1, get("/api/v1/me/inbox/unread", token).json().getJsonNumber("unread").longValue());
        var read = call("POST", "/api/v1/me/inbox/" + newest.getString("id") + "/read", token, null);
        assertEquals(200, read.status(), read::toString);
        assertTrue(read.json().containsKey("readAt") && !read.json().isNull("readAt"), read::toString);
        assertEquals(unreadBefore, get("/api/v1/me/inbox/unread", token).json().getJsonNumber("unread").longValue());
        assertTrue(get("/api/v1/me/inbox", ama.citizenToken()).array().stream()
                .noneMatch(v -> v.asJsonObject().getString("id").equals(newest.getString("id"))), "not in A's inbox");

        var sink = BackingServices.stack().flatMap(s -> s.mailSink())
                .orElseThrow(() -> new AssertionError("the SMTP sink runs in the integration tests"));
        MimeMessage mail = mailTo(sink, address);
        assertEquals("【武蔵野市】登録情報を変更しました", mail.getSubject());
        assertTrue(String.valueOf(mail.getContent()).contains("/c/" + msn.code + "/me/profile"), () -> "link in the mail");

        // in the citizen's language: with English chosen the e-mail is English (the link absolute), the inbox Japanese
        String english = "it-mail-en-" + Long.toHexString(System.nanoTime()) + "@example.jp";
        var inEnglish = call("PUT", "/api/v1/me/profile", token, Json.createObjectBuilder().add("fullName", "武蔵野 花子")
                .add("fullNameKana", "むさしの はなこ").add("email", english).add("emailNotifications", true)
                .add("language", "en").build().toString());
        assertEquals(200, inEnglish.status(), inEnglish::toString);
        assertEquals("登録情報を変更しました", get("/api/v1/me/inbox", token).array().getJsonObject(0).getString("subject"));
        MimeMessage en = mailTo(sink, english);
        assertEquals("[武蔵野市] Your details were changed", en.getSubject());
        String enText = String.valueOf(en.getContent());
        assertTrue(enText.contains("Your details were changed on the portal of 武蔵野市")
                && enText.contains("http://") && enText.contains("/c/" + msn.code + "/me/profile")
                && !enText.contains("登録情報"), enText);

        // choosing no e-mail: the inbox still gets the message, no mail is queued
        var noMail = call("PUT", "/api/v1/me/profile", token, Json.createObjectBuilder().add("fullName", "武蔵野 花子")
                .add("fullNameKana", "むさしの はなこ").add("email", address).add("emailNotifications", false).build().toString());
        assertEquals(200, noMail.status(), noMail::toString);
        try (Connection conn = Platform.appConnection()) {
            conn.setAutoCommit(false);
            TenantIsolationIT.bind(conn, TenantIsolationIT.cityId(msn.code));
            assertEquals(1, TenantIsolationIT.count(conn, "SELECT count(*) FROM mail_outbox WHERE recipient = '" + address + "'"),
                    "one mail for the one notification sent while e-mail was chosen");
            conn.rollback();
        }
    }

    @Test
    void thePagesShowProgrammesAndTheBirthGuide() throws Exception {
        cities();
        String token = ama.citizenToken();
        assertEquals(200, call("PUT", "/api/v1/me/profile", token, profileJson("尼崎 太郎 " + ama.canary, "あまがさき たろう",
                "660-8501", null, false)).status());
        for (var v : get("/api/v1/me/household", token).array()) {
            call("DELETE", "/api/v1/me/household/" + v.asJsonObject().getString("id"), token, null);
        }
        for (String m : new String[] {
            "{\"fullName\":\"尼崎 花子\",\"fullNameKana\":\"あまがさき はなこ\",\"relationship\":\"spouse\",\"birthDate\":\"1990-09-01\"}",
            "{\"fullName\":\"尼崎 一郎\",\"fullNameKana\":\"あまがさき いちろう\",\"relationship\":\"child\",\"birthDate\":\"2019-05-10\"}",
            "{\"fullName\":\"尼崎 さくら\",\"fullNameKana\":\"あまがさき さくら\",\"relationship\":\"child\",\"birthDate\":\"2025-03-20\"}"}) {
            assertEquals(201, call("POST", "/api/v1/me/household", token, m).status());
        }

        // the life-event guide is open to everybody, in order
        var guest = new WebSignInIT.Browser();
        var guide = guest.get(Platform.base() + "/c/" + ama.code + "/life-events/birth-and-children");
        assertEquals(200, guide.statusCode(), guide::body);
        String g = guide.body();
        int birth = g.indexOf("出生届");
        int allowance = g.indexOf("児童手当");
        int medical = g.indexOf("こども医療費");
        assertTrue(birth > 0 && birth < allowance && allowance < medical, g);
        assertTrue(g.contains("必要な書類"), g);
        assertFalse(g.contains("対象になる見込みです"), "no household marks signed out");
        assertEquals(404, guest.get(Platform.base() + "/c/" + ama.code + "/life-events/nothing").statusCode());

        // signed in: my programmes with 児童手当 and its amount; the guide marked for the household
        var browser = new WebSignInIT.Browser();
        var page = browser.signIn(browser.get(Platform.base() + "/c/" + ama.code + "/login"), ama.citizen,
                Platform.TEST_PASSWORD);
        assertEquals(200, page.statusCode(), page::body);
        assertTrue(page.body().contains("/c/" + ama.code + "/me/programmes"), "my page links to programmes");
        var programmes = browser.get(Platform.base() + "/c/" + ama.code + "/me/programmes");
        assertEquals(200, programmes.statusCode(), programmes::body);
        String body = programmes.body();
        int jido = body.indexOf(">児童手当<");
        assertTrue(jido > 0, body);
        String section = body.substring(jido, body.indexOf("</section>", jido));
        assertTrue(section.contains("対象になる見込みです"), section);
        assertTrue(section.contains("月額 25,000円"), section);
        assertTrue(section.contains("申請・届出の方法") && section.contains("必要な書類"), section);
        var marked = browser.get(Platform.base() + "/c/" + ama.code + "/life-events/birth-and-children");
        assertTrue(marked.body().contains("対象になる見込みです"), marked::body);

        // the household is evaluated only with the citizen's consent; giving it on the page brings the results back
        var withdrawn = browser.post(Platform.base() + "/c/" + ama.code + "/me/consents", "purpose=programme-guidance&given=false");
        assertEquals(200, withdrawn.statusCode(), withdrawn::body);
        var asked = browser.get(Platform.base() + "/c/" + ama.code + "/me/programmes");
        assertTrue(asked.body().contains("同意が必要です") && !asked.body().contains("月額 25,000円"), asked::body);
        var given = browser.post(Platform.base() + "/c/" + ama.code + "/me/consents",
                "purpose=programme-guidance&given=true&return=programmes");
        assertTrue(browser.url.endsWith("/me/programmes"), browser.url);
        assertTrue(given.body().contains("月額 25,000円"), given::body);

        // the profile form: an error answers 400 with the typed values kept, and saves nothing
        var form = browser.get(Platform.base() + "/c/" + ama.code + "/me/profile/edit");
        assertEquals(200, form.statusCode());
        assertTrue(form.body().contains("<label for=\"fullNameKana\">"), form::body);
        var refused = browser.post(Platform.base() + "/c/" + ama.code + "/me/profile", "fullName=" + enc("新しい 名前")
                + "&fullNameKana=" + enc("新しい") + "&postalCode=" + enc("660-85") + "&language=ja");
        assertEquals(400, refused.statusCode(), refused::body);
        String r = refused.body();
        assertTrue(r.contains("role=\"alert\"") && r.contains("入力内容を確認してください"), r);
        assertEquals(2, r.split("<li><a href=\"#", -1).length - 1, () -> "two problems in the summary: " + r);
        assertTrue(r.contains("href=\"#fullNameKana\"") && r.contains("href=\"#postalCode\""), r);
        assertTrue(r.contains("aria-invalid=\"true\"") && r.contains("aria-describedby=\"fullNameKana-hint fullNameKana-error\""), r);
        assertTrue(r.contains("value=\"新しい 名前\""), "typed input kept: " + r);
        assertEquals("尼崎 太郎 " + ama.canary, get("/api/v1/me/profile", token).json().getString("fullName"), "nothing saved");
        var accepted = browser.post(Platform.base() + "/c/" + ama.code + "/me/profile", "fullName=" + enc("尼崎 太郎 " + ama.canary)
                + "&fullNameKana=" + enc("あまがさき たろう") + "&birthDate=1988-06-15&postalCode=6608501&language=ja");
        assertEquals(200, accepted.statusCode(), accepted::body);
        assertTrue(browser.url.contains("/me/profile?saved=1"), browser.url);
        assertTrue(accepted.body().contains("昭和63年6月15日（1988年6月15日）"), accepted::body);

        // another city's page refuses this citizen
        var foreign = browser.get(Platform.base() + "/c/" + msn.code + "/me/profile");
        assertFalse(foreign.body().contains(ama.canary));
        assertTrue(foreign.statusCode() == 403 || browser.url.startsWith(Platform.keycloak()), foreign::body);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The e-mail the SMTP sink received for an address (waits up to a minute). */
    static MimeMessage mailTo(jp.kyodo.devstack.MailSink sink, String address) throws Exception {
        for (int i = 0; i < 120; i++) {
            for (MimeMessage m : sink.received()) {
                if (m.getAllRecipients()[0].toString().equals(address)) {
                    return m;
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no e-mail reached the SMTP server for " + address);
    }
}
