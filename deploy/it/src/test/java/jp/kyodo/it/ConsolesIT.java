package jp.kyodo.it;

import static jp.kyodo.it.CasesIT.enc;
import static jp.kyodo.it.CasesIT.token;
import static jp.kyodo.it.Platform.call;
import static jp.kyodo.it.Platform.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.kyodo.it.Platform.Part;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/**
 * The city administrator's settings page and the national statistics page: colours refused below 4.5:1 with the
 * field's own message and the input kept; a module switched off is gone from the navigation and its pages and API
 * answer 404 for that city only; staff and another city's administrator can neither see nor change the settings; a
 * city administrator reaches neither the vendor nor the national pages; the national page shows counts, never a
 * person. The members page opens and closes accounts, for this city only. The vendor onboards a city found by kana,
 * name or code and suspends and resumes it. The vendor's usage page counts each city's accounts, questions, cases and
 * storage in a month (Japan time), as a table and as CSV in UTF-8 with a BOM and in Shift_JIS; nobody else sees it.
 * The vendor onboards cities from a CSV (Shift_JIS): each line checked before anything is made, then a background job
 * whose failing line leaves nothing and whose line of an existing city touches nothing; bad files are refused whole;
 * one city's export and import run as jobs on pages; city administrators, operators and citizens are refused every one
 * of these pages and posts, and every post needs the form token. axe-core (any impact) and 390 px for each page.
 */
@ExtendWith(ArquillianExtension.class)
class ConsolesIT {

    private static TestCity niigata;
    private static TestCity hiroshima;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Platform.application();
    }

    static synchronized void cities() {
        if (niigata == null) {
            niigata = TestCity.create("151009");
            hiroshima = TestCity.create("341002");
        }
    }

    @AfterAll
    static void cleanUp() {
        TestCity.closeAll(niigata, hiroshima);
    }

    static String settings(TestCity c) {
        return Platform.base() + "/c/" + c.code + "/admin/settings";
    }

    private static String form(String token, String name, String primary, String... modules) {
        StringBuilder b = new StringBuilder("_token=" + enc(token) + "&displayName=" + enc(name) + "&primaryColor="
                + enc(primary) + "&secondaryColor=" + enc("#00118f") + "&languages=ja&languages=en");
        for (String m : modules) {
            b.append("&modules=").append(m);
        }
        return b.toString();
    }

    private static JsonObject settingsOf(TestCity c) {
        var r = get("/api/v1/city", c.adminToken());
        assertEquals(200, r.status(), r::toString);
        return r.json().getJsonObject("settings");
    }

    @Test
    void aLowContrastColourIsRefusedWithTheFieldsMessageAndTheInputKept() throws Exception {
        cities();
        WebSignInIT.Browser admin = new WebSignInIT.Browser();
        var page = admin.signIn(admin.get(settings(niigata)), niigata.admin, Platform.TEST_PASSWORD);
        assertEquals(200, page.statusCode(), page::body);
        assertTrue(page.body().contains("自治体の設定"), page::body);
        String before = settingsOf(niigata).getString("primaryColor");
        var refused = admin.post(settings(niigata), form(token(page.body()), "新潟市役所", "#ffff00", "crm", "agents"));
        assertEquals(400, refused.statusCode(), refused::body);
        assertTrue(refused.body().contains("class=\"error-summary\""), refused::body);
        assertTrue(refused.body().contains("<p class=\"field-error\" id=\"primaryColor-error\">白い文字とのコントラスト比が 1.0:1 です"),
                refused::body);
        assertTrue(refused.body().contains("value=\"#ffff00\"") && refused.body().contains("value=\"新潟市役所\""),
                "what was typed is kept");
        assertTrue(refused.body().contains("aria-describedby=\"primaryColor-hint primaryColor-error\""), refused::body);
        assertEquals(before, settingsOf(niigata).getString("primaryColor"), "nothing saved");
        // a form without this session's token saves nothing either (refused by the central check, before the page)
        var forged = admin.post(settings(niigata), form("forged", "乗っ取り", "#0017c1", "crm", "agents"));
        assertEquals(403, forged.statusCode(), forged::body);
        assertFalse(settingsOf(niigata).getString("displayName").equals("乗っ取り"));
    }

    @Test
    void aModuleSwitchedOffIsGoneForThatCityOnly() throws Exception {
        cities();
        String ask = Platform.base() + "/c/" + niigata.code + "/ask";
        WebSignInIT.Browser admin = new WebSignInIT.Browser();
        var page = admin.signIn(admin.get(settings(niigata)), niigata.admin, Platform.TEST_PASSWORD);
        assertEquals(200, page.statusCode(), page::body);
        var home = admin.get(Platform.base() + "/c/" + niigata.code + "/");
        assertTrue(home.body().contains("href=\"/c/" + niigata.code + "/ask\""), "the AI guide is on by default");
        assertEquals(200, admin.get(ask).statusCode());
        String faq = Platform.base() + "/c/" + niigata.code + "/faq";
        assertTrue(home.body().contains("href=\"/c/" + niigata.code + "/faq\""), "よくある質問 is on by default");
        assertEquals(200, admin.get(faq).statusCode());
        assertEquals(200, get("/api/v1/knowledge/entries", niigata.adminToken()).status());
        try {
            var saved = admin.post(settings(niigata), form(token(page.body()), "新潟市", "#0017c1", "crm"));
            assertEquals(200, saved.statusCode(), saved::body);
            assertTrue(saved.body().contains("設定を保存しました"), saved::body);
            assertTrue(admin.url.endsWith("/admin/settings?saved=1"), admin.url);
            assertFalse(settingsOf(niigata).getJsonArray("enabledModules").toString().contains("agents"));

            home = admin.get(Platform.base() + "/c/" + niigata.code + "/");
            assertEquals(200, home.statusCode());
            assertFalse(home.body().contains("/c/" + niigata.code + "/ask\""), "no link to the AI guide: " + home.body());
            var gone = admin.get(ask);
            assertEquals(404, gone.statusCode(), gone::body);
            assertTrue(gone.body().contains("<main") && gone.body().contains("/c/" + niigata.code + "/"),
                    "the city's own not-found page");
            assertEquals(404, admin.get(Platform.base() + "/c/" + niigata.code + "/admin/knowledge").statusCode());
            assertFalse(home.body().contains("/c/" + niigata.code + "/faq\""), "no link to よくある質問");
            assertEquals(404, admin.get(faq).statusCode(), "よくある質問 is the knowledge base's: off with it");
            var api = get("/api/v1/knowledge/entries", niigata.adminToken());
            assertEquals(404, api.status(), api::toString);
            assertTrue(api.contentType().startsWith("application/problem+json"), api::toString);
            assertEquals(404, call("POST", "/api/v1/concierge/ask", niigata.citizenToken(), "{\"question\":\"ごみの日\"}").status());
            // the other modules and the other city are untouched
            assertEquals(200, get("/api/v1/cases/queues", niigata.adminToken()).status());
            assertEquals(200, get("/api/v1/knowledge/entries", hiroshima.adminToken()).status());
            WebSignInIT.Browser visitor = new WebSignInIT.Browser();
            assertEquals(200, visitor.get(Platform.base() + "/c/" + hiroshima.code + "/ask").statusCode());
            assertTrue(visitor.get(Platform.base() + "/c/" + hiroshima.code + "/").body()
                    .contains("href=\"/c/" + hiroshima.code + "/ask\""));
        } finally {
            var back = admin.get(settings(niigata));
            var restored = admin.post(settings(niigata), form(token(back.body()), "新潟市", "#0017c1", "crm", "agents"));
            assertEquals(200, restored.statusCode(), restored::body);
        }
        assertEquals(200, admin.get(ask).statusCode(), "switched on again");
        assertEquals(200, get("/api/v1/knowledge/entries", niigata.adminToken()).status());
    }

    @Test
    void staffAndAnotherCitysAdministratorCanNeitherSeeNorChangeTheSettings() throws Exception {
        cities();
        String name = settingsOf(niigata).getString("displayName");
        WebSignInIT.Browser staff = new WebSignInIT.Browser();
        var page = staff.signIn(staff.get(settings(niigata)), niigata.staff, Platform.TEST_PASSWORD);
        assertEquals(403, page.statusCode(), page::body);
        assertFalse(page.body().contains("primaryColor"), "no form for staff");
        // this session's form token, from a form staff may use (the gate must refuse even a post with a valid one)
        var m = java.util.regex.Pattern.compile("name=\"_token\" value=\"([^\"]+)\"")
                .matcher(staff.get(Platform.base() + "/c/" + niigata.code + "/staff/cases/new").body());
        String staffToken = m.find() ? m.group(1) : "none";
        var post = staff.post(settings(niigata), form(staffToken, "職員の変更", "#0017c1", "crm"));
        assertEquals(403, post.statusCode(), post::body);
        assertEquals(403, call("PUT", "/api/v1/city/settings", niigata.staffToken(), "{\"displayName\":\"職員の変更\","
                + "\"primaryColor\":\"#0017c1\",\"secondaryColor\":\"#00118f\",\"languages\":[\"ja\"],"
                + "\"enabledModules\":[\"portal\"]}").status());

        WebSignInIT.Browser other = new WebSignInIT.Browser();
        var own = other.signIn(other.get(settings(hiroshima)), hiroshima.admin, Platform.TEST_PASSWORD);
        assertEquals(200, own.statusCode(), own::body);
        String otherToken = token(own.body());
        var foreign = other.get(settings(niigata));
        assertFalse(foreign.body().contains("name=\"primaryColor\""), foreign::body);
        assertTrue(foreign.statusCode() == 403 || other.url.startsWith(Platform.keycloak()),
                () -> foreign.statusCode() + " " + other.url);
        var foreignPost = other.post(settings(niigata), form(otherToken, "広島からの変更", "#0017c1", "crm"));
        assertFalse(foreignPost.statusCode() == 200 && foreignPost.body().contains("設定を保存しました"), foreignPost::body);
        assertEquals(name, settingsOf(niigata).getString("displayName"), "nothing changed");
        assertTrue(settingsOf(niigata).getJsonArray("enabledModules").toString().contains("agents"), "nothing changed");

        // a city administrator is neither the vendor nor a national analyst
        assertEquals(403, other.get(Platform.base() + "/vendor/").statusCode());
        var national = other.get(Platform.base() + "/national/");
        assertEquals(403, national.statusCode(), national::body);
        assertFalse(national.body().contains("<svg"), national::body);
    }

    @Test
    void theNationalPageShowsCountsAndNoPerson() throws Exception {
        cities();
        for (String[] who : new String[][] {{"analyst", "national-analyst"}, {"vendor", "vendor"}}) {
            WebSignInIT.Browser b = new WebSignInIT.Browser();
            var page = b.signIn(b.get(Platform.base() + "/national/"), who[0], Platform.DEMO_PASSWORD);
            assertEquals(200, page.statusCode(), page::body);
            String html = page.body();
            assertTrue(html.contains("<svg class=\"chart-svg\" role=\"img\"") && html.contains("<table"), html);
            assertTrue(html.contains("新潟市"), "the test city is counted");
            // the test cities have 1 citizen and 3 staff-side accounts: suppressed and named
            assertTrue(html.contains("新潟県新潟市の「住民アカウント」"), html);
            for (TestCity c : new TestCity[] {niigata, hiroshima}) {
                for (String person : new String[] {c.admin, c.staff, c.citizen, c.operator, c.canary, "@example.jp"}) {
                    assertFalse(html.contains(person), who[0] + " sees " + person);
                }
            }
        }
    }

    @Test
    void aCityAdministratorInvitesAndRemovesAMemberAndNobodyElseCan() throws Exception {
        cities();
        String members = Platform.base() + "/c/" + niigata.code + "/admin/members";
        WebSignInIT.Browser admin = new WebSignInIT.Browser();
        var page = admin.signIn(admin.get(members), niigata.admin, Platform.TEST_PASSWORD);
        assertEquals(200, page.statusCode(), page::body);
        assertTrue(page.body().contains(niigata.staff) && page.body().contains("未設定"), "members with their two-step state");
        var bad = admin.post(members, "_token=" + enc(token(page.body())) + "&username=" + enc("Bad Name")
                + "&familyName=" + enc("試験") + "&givenName=" + enc("招待") + "&email=nope&role=staff&password=short");
        assertEquals(400, bad.statusCode(), bad::body);
        assertTrue(bad.body().contains("id=\"username-error\"") && bad.body().contains("id=\"email-error\"")
                && bad.body().contains("id=\"password-error\""), bad::body);
        assertTrue(bad.body().contains("value=\"nope\"") && bad.body().contains("value=\"試験\""), "input kept");

        String user = "it-inv-" + niigata.code + "-" + (System.currentTimeMillis() % 100000);
        var invited = admin.post(members, "_token=" + enc(token(page.body())) + "&username=" + user
                + "&familyName=" + enc("試験") + "&givenName=" + enc("招待") + "&email=" + user + "%40example.jp"
                + "&role=operator&password=" + enc(Platform.TEST_PASSWORD));
        assertEquals(200, invited.statusCode(), invited::body);
        assertTrue(invited.body().contains("アカウントを作成しました") && invited.body().contains(user), invited::body);
        String id = get("/api/v1/members", niigata.adminToken()).array().stream().map(v -> v.asJsonObject())
                .filter(o -> o.getString("username").equals(user)).findFirst().orElseThrow().getString("id");

        // another city's administrator: not through their own city's page, not through this city's
        WebSignInIT.Browser other = new WebSignInIT.Browser();
        var own = other.signIn(other.get(Platform.base() + "/c/" + hiroshima.code + "/admin/members"), hiroshima.admin,
                Platform.TEST_PASSWORD);
        assertEquals(200, own.statusCode(), own::body);
        assertFalse(own.body().contains(user), "広島市 sees its own members only");
        String otherToken = token(own.body());
        var viaOwn = other.post(Platform.base() + "/c/" + hiroshima.code + "/admin/members/" + id + "/remove",
                "_token=" + enc(otherToken));
        assertEquals(404, viaOwn.statusCode(), viaOwn::body);
        var viaTheirs = other.post(members + "/" + id + "/remove", "_token=" + enc(otherToken));
        assertFalse(viaTheirs.statusCode() == 200 && viaTheirs.body().contains("アカウントを削除しました"), viaTheirs::body);
        assertEquals(403, call("DELETE", "/api/v1/members/" + id, niigata.staffToken(), null).status());
        // staff: no page
        WebSignInIT.Browser staff = new WebSignInIT.Browser();
        var staffPage = staff.signIn(staff.get(members), niigata.staff, Platform.TEST_PASSWORD);
        assertEquals(403, staffPage.statusCode(), staffPage::body);
        assertFalse(staffPage.body().contains(user));
        assertTrue(get("/api/v1/members", niigata.adminToken()).body().contains(user), "still there");

        // the role, on its own page: refused for a role that does not exist, changed in this city only
        var roleForm = admin.get(members + "/" + id + "/role");
        assertEquals(200, roleForm.statusCode(), roleForm::body);
        assertTrue(roleForm.body().contains(user) && roleForm.body().contains("value=\"operator\" checked"), roleForm::body);
        var noSuchRole = admin.post(members + "/" + id + "/role", "_token=" + enc(token(roleForm.body())) + "&role=vendor");
        assertEquals(400, noSuchRole.statusCode(), noSuchRole::body);
        assertTrue(noSuchRole.body().contains("id=\"role-error\""), noSuchRole::body);
        var byOther = other.post(members + "/" + id + "/role", "_token=" + enc(otherToken) + "&role=city-admin");
        assertFalse(byOther.statusCode() == 200 && byOther.body().contains("役割を変更しました"), byOther::body);
        assertEquals(404, other.post(Platform.base() + "/c/" + hiroshima.code + "/admin/members/" + id + "/role",
                "_token=" + enc(otherToken) + "&role=city-admin").statusCode());
        var changed = admin.post(members + "/" + id + "/role", "_token=" + enc(token(roleForm.body())) + "&role=staff");
        assertEquals(200, changed.statusCode(), changed::body);
        assertTrue(changed.body().contains("役割を変更しました"), changed::body);
        assertEquals("staff", get("/api/v1/members", niigata.adminToken()).array().stream().map(v -> v.asJsonObject())
                .filter(o -> o.getString("username").equals(user)).findFirst().orElseThrow().getString("role"));
        // the city's last administrator stays one (page and API)
        String adminId = get("/api/v1/members", niigata.adminToken()).array().stream().map(v -> v.asJsonObject())
                .filter(o -> o.getString("username").equals(niigata.admin)).findFirst().orElseThrow().getString("id");
        var last = admin.post(members + "/" + adminId + "/role", "_token=" + enc(token(roleForm.body())) + "&role=staff");
        assertEquals(400, last.statusCode(), last::body);
        assertTrue(last.body().contains("管理者がいなくなる"), last::body);
        assertEquals(409, call("PUT", "/api/v1/members/" + adminId + "/role", niigata.adminToken(), "{\"role\":\"staff\"}")
                .status());
        assertEquals(200, admin.get(members).statusCode(), "still the city's administrator");

        var confirm = admin.get(members + "/" + id + "/remove");
        assertEquals(200, confirm.statusCode(), confirm::body);
        assertTrue(confirm.body().contains(user), confirm::body);
        var removed = admin.post(members + "/" + id + "/remove", "_token=" + enc(token(confirm.body())));
        assertEquals(200, removed.statusCode(), removed::body);
        assertTrue(removed.body().contains("アカウントを削除しました") && !removed.body().contains(user), removed::body);
        assertFalse(get("/api/v1/members", niigata.adminToken()).body().contains(user), "removed");
    }

    @Test
    void aVendorOnboardsACityFoundByKanaOrCodeAndSuspendsAndResumesIt() throws Exception {
        String code = "162019";
        String base = Platform.base();
        WebSignInIT.Browser vendor = new WebSignInIT.Browser();
        try {
            var console = vendor.signIn(vendor.get(base + "/vendor/"), "vendor", Platform.DEMO_PASSWORD);
            assertEquals(200, console.statusCode(), console::body);
            assertTrue(console.body().contains("運営事業者の管理画面"), console::body);
            var byKana = vendor.get(base + "/vendor/?q=" + enc("トヤマシ"));
            assertTrue(byKana.body().contains("href=\"/vendor/onboard/" + code + "\""), byKana::body);
            var byName = vendor.get(base + "/vendor/?q=" + enc("富山市"));
            assertTrue(byName.body().contains("href=\"/vendor/onboard/" + code + "\""), byName::body);
            var byCode = vendor.get(base + "/vendor/?q=16201");
            assertTrue(byCode.body().contains("href=\"/vendor/onboard/" + code + "\""), byCode::body);

            var form = vendor.get(base + "/vendor/onboard/" + code);
            assertEquals(200, form.statusCode(), form::body);
            String t = token(form.body());
            var bad = vendor.post(base + "/vendor/onboard/" + code, "_token=" + enc(t) + "&adminEmail=nope&adminUsername=");
            assertEquals(400, bad.statusCode(), bad::body);
            assertTrue(bad.body().contains("id=\"adminEmail-error\"") && bad.body().contains("value=\"nope\""), bad::body);
            var done = vendor.post(base + "/vendor/onboard/" + code, "_token=" + enc(t)
                    + "&adminEmail=toyama%40example.jp&adminUsername=it-admin-" + code);
            assertEquals(200, done.statusCode(), done::body);
            assertTrue(done.body().contains("登録しました") && done.body().contains("it-admin-" + code), done::body);
            assertTrue(vendor.url.endsWith("/vendor/onboarded/" + code), vendor.url);
            assertFalse(vendor.get(base + "/vendor/onboarded/" + code).body().contains("<code>it-admin-"),
                    "the temporary password is shown once");
            assertEquals(200, new WebSignInIT.Browser().get(base + "/c/" + code + "/").statusCode(), "the portal is up");

            var list = vendor.get(base + "/vendor/");
            var suspended = vendor.post(base + "/vendor/cities/" + code + "/suspend", "_token=" + enc(token(list.body())));
            assertEquals(200, suspended.statusCode(), suspended::body);
            assertTrue(suspended.body().contains("利用を停止しました"), suspended::body);
            assertEquals(403, new WebSignInIT.Browser().get(base + "/c/" + code + "/").statusCode(), "suspended");
            var resumed = vendor.post(base + "/vendor/cities/" + code + "/resume", "_token=" + enc(token(suspended.body())));
            assertTrue(resumed.body().contains("利用を再開しました"), resumed::body);
            assertEquals(200, new WebSignInIT.Browser().get(base + "/c/" + code + "/").statusCode(), "resumed");
        } finally {
            String v = Platform.vendor();
            call("POST", "/api/v1/cities/" + code + "/resume", v, null);
            call("GET", "/api/v1/cities/" + code + "/export", v, null);
            call("DELETE", "/api/v1/cities/" + code + "?confirm=" + code, v, null);
        }
    }

    /** Moves a case's creation time (owner connection, the city bound). */
    private static void setCreated(TestCity c, String caseId, String at) throws Exception {
        owner(c, "UPDATE inquiry_case SET created_at = ?::timestamptz WHERE id = ?::uuid", at, caseId);
    }

    private static int owner(TestCity c, String sql, String... params) throws Exception {
        try (Connection conn = Platform.ownerConnection()) {
            conn.setAutoCommit(false);
            TenantIsolationIT.bind(conn, TenantIsolationIT.cityId(c.code));
            int n;
            try (PreparedStatement ps = conn.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    ps.setString(i + 1, params[i]);
                }
                n = ps.executeUpdate();
            }
            conn.commit();
            return n;
        }
    }

    /** The bytes the city stores now, summed from the tables themselves (the owner, the city bound). */
    private static long storedBytes(TestCity c) throws Exception {
        try (Connection conn = Platform.ownerConnection()) {
            conn.setAutoCommit(false);
            TenantIsolationIT.bind(conn, TenantIsolationIT.cityId(c.code));
            try (ResultSet rs = conn.createStatement().executeQuery("SELECT (SELECT coalesce(sum(size_bytes), 0) FROM "
                    + "case_attachment) + (SELECT coalesce(sum(size_bytes), 0) FROM application_file) + (SELECT "
                    + "coalesce(sum(octet_length(content::text)), 0) FROM knowledge_entry WHERE kind = 'DOCUMENT')")) {
                rs.next();
                return rs.getLong(1);
            } finally {
                conn.rollback();
            }
        }
    }

    /** The cells after the city's name in the usage table's row of {@code code}. */
    private static List<String> usageRow(String html, String code) {
        Matcher row = Pattern.compile("<tr><th scope=\"row\">(?:(?!</tr>).)*?<td>" + code + "</td>((?:(?!</tr>).)*)</tr>")
                .matcher(html);
        assertTrue(row.find(), () -> "a row for " + code + ": " + html);
        List<String> cells = new ArrayList<>(List.of(code));
        Matcher td = Pattern.compile("<td>([^<]*)</td>").matcher(row.group(1));
        while (td.find()) {
            cells.add(td.group(1));
        }
        return cells;
    }

    private static HttpResponse<byte[]> download(WebSignInIT.Browser b, String path) throws Exception {
        return b.http.send(HttpRequest.newBuilder(URI.create(Platform.base() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void theVendorSeesEachCitysUsageForAMonthAsAPageAndAsCsvAndNobodyElseDoes() throws Exception {
        cities();
        // April 2026 in Japan time: a case at 00:30 on 1 April JST (still 31 March in UTC) counts for April, one at
        // 23:30 on 31 March JST for March; the concierge's question counters are per Japan day
        String inApril = CasesIT.phoneCall(niigata, "四月の受付").json().getString("id");
        String inMarch = CasesIT.phoneCall(niigata, "三月の受付").json().getString("id");
        String hiroshimaApril = CasesIT.phoneCall(hiroshima, "広島の四月の受付").json().getString("id");
        setCreated(niigata, inApril, "2026-03-31T15:30:00Z");
        setCreated(niigata, inMarch, "2026-03-31T14:30:00Z");
        setCreated(hiroshima, hiroshimaApril, "2026-04-15T03:00:00Z");
        String usage = "INSERT INTO concierge_usage (day, questions) VALUES (?::date, ?::integer)";
        for (String[] d : new String[][] {{"2026-03-31", "50"}, {"2026-04-01", "7"}, {"2026-04-30", "5"}, {"2026-05-01", "100"}}) {
            owner(niigata, usage, d);
        }
        owner(hiroshima, usage, "2026-04-15", "3");
        for (TestCity c : new TestCity[] {niigata, hiroshima}) {
            owner(c, "UPDATE city_member SET created_at = '2026-03-01T00:00:00+09:00'");
        }
        // something stored: a citizen's PDF on an inquiry of 新潟市 (a case of this month, not of April)
        var sent = AttachmentsIT.inquire(niigata.citizenToken(), "利用状況の添付",
                Part.file("控え.pdf", "application/pdf", AttachmentsIT.pdf(5000)));
        assertEquals(201, sent.status(), sent::toString);
        long niigataBytes = storedBytes(niigata);
        long hiroshimaBytes = storedBytes(hiroshima);
        assertTrue(niigataBytes >= 5000, "the attachment is stored: " + niigataBytes);

        WebSignInIT.Browser vendor = new WebSignInIT.Browser();
        var console = vendor.signIn(vendor.get(Platform.base() + "/vendor/"), "vendor", Platform.DEMO_PASSWORD);
        assertEquals(200, console.statusCode(), console::body);
        assertTrue(console.body().contains("<a href=\"/vendor/usage\">"), "linked from the console");
        var april = vendor.get(Platform.base() + "/vendor/usage?month=2026-04");
        assertEquals(200, april.statusCode(), april::body);
        String f = "%,d";
        assertEquals(List.of(niigata.code, "1", "3", "12", "1", String.format(f, niigataBytes)), usageRow(april.body(), niigata.code));
        assertEquals(List.of(hiroshima.code, "1", "3", "3", "1", String.format(f, hiroshimaBytes)),
                usageRow(april.body(), hiroshima.code));
        var march = vendor.get(Platform.base() + "/vendor/usage?month=2026-03");
        assertEquals(List.of(niigata.code, "1", "3", "50", "1", String.format(f, niigataBytes)), usageRow(march.body(), niigata.code));
        var february = vendor.get(Platform.base() + "/vendor/usage?month=2026-02");
        assertEquals(List.of(niigata.code, "0", "0", "0", "0", String.format(f, niigataBytes)),
                usageRow(february.body(), niigata.code), "no account yet at the end of February");
        var thisMonth = vendor.get(Platform.base() + "/vendor/usage");
        assertEquals(200, thisMonth.statusCode(), thisMonth::body);
        String now = java.time.YearMonth.now(java.time.ZoneId.of("Asia/Tokyo")).toString();
        assertTrue(thisMonth.body().contains("value=\"" + now + "\""), "this month in Japan time by default");
        assertTrue(april.body().contains("href=\"/vendor/usage.csv?month=2026-04&amp;encoding=shift_jis\""), april::body);

        // the CSV: UTF-8 with a byte order mark, and Shift_JIS; a header row in Japanese; the same numbers
        var utf8 = download(vendor, "/vendor/usage.csv?month=2026-04&encoding=utf-8");
        assertEquals(200, utf8.statusCode());
        assertTrue(utf8.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"), utf8::toString);
        assertTrue(utf8.headers().firstValue("Content-Disposition").orElse("").startsWith("attachment;"), utf8::toString);
        byte[] u = utf8.body();
        assertTrue(u.length > 3 && (u[0] & 0xff) == 0xEF && (u[1] & 0xff) == 0xBB && (u[2] & 0xff) == 0xBF, "a BOM");
        var sjis = download(vendor, "/vendor/usage.csv?month=2026-04&encoding=shift_jis");
        assertEquals(200, sjis.statusCode());
        assertTrue(sjis.headers().firstValue("Content-Type").orElse("").contains("Shift_JIS"), sjis::toString);
        assertFalse(sjis.body().length > 2 && (sjis.body()[0] & 0xff) == 0xEF, "no BOM in Shift_JIS");
        for (String text : new String[] {new String(u, 3, u.length - 3, StandardCharsets.UTF_8),
                new String(sjis.body(), Charset.forName("windows-31j"))}) {
            List<String> lines = Arrays.asList(text.split("\r\n"));
            assertTrue(lines.get(0).startsWith("対象月,自治体コード,都道府県,自治体名,状態,住民アカウント数,職員アカウント数,質問数,受付案件数"),
                    lines.get(0));
            assertTrue(lines.contains("2026-04,151009,新潟県,新潟市,ACTIVE,1,3,12,1," + niigataBytes), text);
            assertTrue(lines.contains("2026-04,341002,広島県,広島市,ACTIVE,1,3,3,1," + hiroshimaBytes), text);
        }

        // a month that is not one: a 400 page with the error on the field, the CSV too
        var bad = vendor.get(Platform.base() + "/vendor/usage?month=2026-13");
        assertEquals(400, bad.statusCode(), bad::body);
        assertTrue(bad.body().contains("class=\"error-summary\"") && bad.body().contains("href=\"#month\"")
                && bad.body().contains("id=\"month-error\"") && bad.body().contains("value=\"2026-13\""), bad::body);
        var badCsv = vendor.get(Platform.base() + "/vendor/usage.csv?month=april&encoding=utf-8");
        assertEquals(400, badCsv.statusCode(), badCsv::body);
        assertTrue(badCsv.body().contains("id=\"month-error\""), badCsv::body);
        var badEncoding = vendor.get(Platform.base() + "/vendor/usage.csv?month=2026-04&encoding=latin1");
        assertEquals(400, badEncoding.statusCode(), badEncoding::body);
        assertTrue(badEncoding.body().contains("href=\"#download\""), badEncoding::body);

        // a city administrator, a national analyst and a citizen: refused, page and CSV
        for (String[] who : new String[][] {{niigata.admin, Platform.TEST_PASSWORD}, {"analyst", Platform.DEMO_PASSWORD},
                {niigata.citizen, Platform.TEST_PASSWORD}}) {
            WebSignInIT.Browser b = new WebSignInIT.Browser();
            var page = b.signIn(b.get(Platform.base() + "/vendor/usage?month=2026-04"), who[0], who[1]);
            assertEquals(403, page.statusCode(), () -> who[0] + " " + page.body());
            assertFalse(page.body().contains("usage.csv?month") || page.body().contains("<td>12</td>"), who[0] + ": " + page.body());
            var csv = download(b, "/vendor/usage.csv?month=2026-04&encoding=utf-8");
            assertEquals(403, csv.statusCode(), who[0]);
            assertFalse(new String(csv.body(), StandardCharsets.UTF_8).contains("151009,"), who[0]);
        }
    }

    @Test
    void theConsolePagesAreAccessibleOnAPhone() throws Exception {
        cities();
        // a checked CSV (one row to make, one refused), for its page
        WebSignInIT.Browser vendor = new WebSignInIT.Browser();
        var form = vendor.signIn(vendor.get(Platform.base() + "/vendor/batches/new"), "vendor", Platform.DEMO_PASSWORD);
        vendor.postMultipart(Platform.base() + "/vendor/batches", Part.field("_token", token(form.body())),
                csv("団体コード,メールアドレス\n172014,k@example.jp\n162011,x@example.jp\n", StandardCharsets.UTF_8));
        String checkedJob = jobUrl(vendor);
        java.nio.file.Path utf16 = java.nio.file.Files.createTempFile("kyodo-it-", ".csv");
        java.nio.file.Files.write(utf16, "162019,a@example.jp\n".getBytes(StandardCharsets.UTF_16));
        List<String> problems = new ArrayList<>();
        try (Chromium b = Chromium.start()) {
            b.open(settings(hiroshima));
            b.signIn(hiroshima.admin, Platform.TEST_PASSWORD);
            b.find(By.id("primaryColor"));
            problems.addAll(BrowserIT.check(b, "settings"));
            b.type(By.id("primaryColor"), "#ffff00");
            assertTrue(b.find(By.id("primaryColor-contrast")).getText().contains("1.0:1"), "live feedback by the script");
            b.submit(By.id("primaryColor"));
            b.find(By.id("primaryColor-error"));
            assertEquals("#ffff00", b.find(By.id("primaryColor")).getAttribute("value"), "typed input kept");
            problems.addAll(BrowserIT.check(b, "settings with an error"));
            b.open(Platform.base() + "/c/" + hiroshima.code + "/admin/members");
            b.find(By.id("invite-heading"));
            problems.addAll(BrowserIT.check(b, "members"));
            b.submit(By.id("username"));
            b.find(By.id("username-error"));
            problems.addAll(BrowserIT.check(b, "members with errors"));
            b.click(By.cssSelector("a[href$='/role']"));
            b.find(By.cssSelector("input[name=role]"));
            problems.addAll(BrowserIT.check(b, "a member's role"));
        }
        try (Chromium b = Chromium.start()) {
            b.open(Platform.base() + "/vendor/?q=" + enc("にいがた"));
            b.signIn("vendor", Platform.DEMO_PASSWORD);
            b.find(By.id("onboard-heading"));
            problems.addAll(BrowserIT.check(b, "vendor console with results"));
            b.open(Platform.base() + "/vendor/onboard/151009");
            b.find(By.id("adminEmail"));
            problems.addAll(BrowserIT.check(b, "vendor onboarding form"));
            b.open(Platform.base() + "/vendor/usage?month=2026-04");
            b.find(By.id("download"));
            problems.addAll(BrowserIT.check(b, "vendor usage"));
            b.open(Platform.base() + "/vendor/usage?month=2026-13");
            b.find(By.id("month-error"));
            problems.addAll(BrowserIT.check(b, "vendor usage with an error"));
            b.open(Platform.base() + "/vendor/batches/new");
            b.find(By.id("file"));
            problems.addAll(BrowserIT.check(b, "vendor CSV onboarding form"));
            b.find(By.id("file")).sendKeys(utf16.toString());
            b.submit(By.id("file"));
            b.find(By.id("file-error"));
            problems.addAll(BrowserIT.check(b, "vendor CSV onboarding form with an error"));
            b.open(checkedJob);
            b.find(By.id("confirm-form"));
            problems.addAll(BrowserIT.check(b, "vendor CSV check result"));
            b.open(Platform.base() + "/vendor/cities/" + hiroshima.code + "/transfer");
            b.find(By.id("import-heading"));
            problems.addAll(BrowserIT.check(b, "vendor export and import of a city"));
        }
        try (Chromium b = Chromium.start()) {
            b.open(Platform.base() + "/national/");
            b.signIn("analyst", Platform.DEMO_PASSWORD);
            b.find(By.id("table-heading"));
            problems.addAll(BrowserIT.check(b, "national"));
        }
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }


    // ------------------------------------------------------------------ the vendor's background jobs (#11 item 6)

    /** The rows of vendor_job, counted by the owner (nothing is made by a refused upload). */
    private static long vendorJobs() throws Exception {
        try (Connection conn = Platform.ownerConnection();
             ResultSet rs = conn.createStatement().executeQuery("SELECT count(*) FROM vendor_job")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The registry's status of a code, or "none" when it has no row. */
    /** The status of the city's live registry row, or "none" (a deleted city of the same code, from a run before, is not one). */
    private static String registry(String code) throws Exception {
        try (Connection conn = Platform.ownerConnection();
             PreparedStatement ps = conn.prepareStatement("SELECT status FROM city WHERE lg_code = ? AND status <> 'DELETED'")) {
            ps.setString(1, code);
            ResultSet rs = ps.executeQuery();
            return rs.next() ? rs.getString(1) : "none";
        }
    }

    private static boolean keycloakOrganization(String code) {
        // found by their lgCode attribute, as KeycloakAdmin.findOrganization does
        var r = Platform.keycloakAdmin("GET", "/organizations?max=50&q=" + enc("lgCode:" + code), null);
        assertEquals(200, r.status(), r::toString);
        return r.array().stream().anyMatch(o -> code.equals(o.asJsonObject().getString("alias", "")));
    }

    private static boolean keycloakUser(String username) {
        return !Platform.keycloakAdmin("GET", "/users?exact=true&username=" + enc(username), null).array().isEmpty();
    }

    /** Reloads a job's page until it says {@code finished} (the job runs on the server without the page). */
    private static HttpResponse<String> waitFor(WebSignInIT.Browser b, String jobUrl, String finished) throws Exception {
        long until = System.currentTimeMillis() + 180_000;
        HttpResponse<String> page = b.get(jobUrl);
        while (!page.body().contains(finished)) {
            assertTrue(System.currentTimeMillis() < until, () -> "the job did not finish: " + b.url);
            Thread.sleep(1000);
            page = b.get(jobUrl);
            assertEquals(200, page.statusCode(), page.body());
        }
        return page;
    }

    /** The second vendor account (with its authenticator app), signed in on pages, on the given page. */
    private static WebSignInIT.Browser secondVendorOn(String page) throws Exception {
        Platform.secondVendor();
        WebSignInIT.Browser b = new WebSignInIT.Browser();
        var shown = b.signIn(b.get(page + (page.contains("?") ? "&" : "?") + "lang=ja"), "it-vendor-2", Platform.TEST_PASSWORD);
        assertEquals(200, shown.statusCode(), shown::body);
        b.get(Platform.base() + "/?lang=ja"); // the page's language, kept in the cookie
        return b;
    }

    private static Part csv(String text, Charset cs) {
        return Part.file("cities.csv", "text/csv", text.getBytes(cs));
    }

    private static String jobUrl(WebSignInIT.Browser b) {
        assertTrue(b.url.matches(".*/vendor/jobs/[0-9a-f-]{36}"), b.url);
        return b.url;
    }

    @Test
    void aVendorOnboardsCitiesFromACsvAsABackgroundJobEachRowAloneAndOtherCitiesUntouched() throws Exception {
        cities();
        String base = Platform.base();
        String takenName = niigata.staff; // a user name that exists: that row fails at its turn, nothing made for it
        String niigataName = settingsOf(niigata).getString("displayName");
        int niigataMembers = get("/api/v1/members", niigata.adminToken()).array().size();
        WebSignInIT.Browser vendor = new WebSignInIT.Browser();
        try {
            var form = vendor.signIn(vendor.get(base + "/vendor/batches/new"), "vendor", Platform.DEMO_PASSWORD);
            assertEquals(200, form.statusCode(), form::body);
            String t = token(form.body());
            // Shift_JIS, as an office's spreadsheet writes it: a header, two cities to make, an existing city (niigata),
            // a wrong check digit
            String text = "団体コード,メールアドレス,ユーザー名\r\n"
                    + "162043,takaoka@example.jp,it-b-162043\r\n"
                    + "172014,kanazawa@example.jp," + takenName + "\r\n"
                    + niigata.code + ",takeover@example.jp,it-takeover\r\n"
                    + "162011,x@example.jp,\r\n";
            long before = vendorJobs();
            // 172014's row before the job: none, or DELETED when another IT (IntegrationKillIT) made and deleted it
            String kanazawaBefore = registry("172014");
            // without the session's form token: refused before the page, nothing stored
            var forged = vendor.postMultipart(base + "/vendor/batches", csv(text, Charset.forName("windows-31j")));
            assertEquals(403, forged.statusCode(), forged::body);
            assertEquals(before, vendorJobs(), "no job without the form token");

            var checked = vendor.postMultipart(base + "/vendor/batches", Part.field("_token", t), csv(text, Charset.forName("windows-31j")));
            assertEquals(200, checked.statusCode(), checked::body);
            String job = jobUrl(vendor);
            String page = checked.body();
            assertTrue(page.contains("4行を確認しました（文字コード Shift_JIS）。登録できる行 2、問題のある行 2。"), page);
            assertTrue(page.contains("新潟県新潟市はすでに登録されています。この行では何もしません"), page);
            assertTrue(page.contains("自治体コード 162011 の検査数字が正しくありません"), page);
            assertEquals("none", registry("162043"), "nothing created before the confirmation");
            // the check in English for an English-speaking vendor
            var english = vendor.get(job + "?lang=en");
            assertTrue(english.body().contains("4 lines checked (read as Shift_JIS): 2 can be onboarded, 2 have a problem."),
                    english::body);
            vendor.get(job + "?lang=ja");

            // confirm without the token: refused, still waiting
            var forgedConfirm = vendor.http.send(java.net.http.HttpRequest.newBuilder(URI.create(job + "/confirm"))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", base)
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("x=1")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, forgedConfirm.statusCode(), forgedConfirm::body);
            assertTrue(vendor.get(job).body().contains("confirm-form"), "still waiting for the confirmation");

            var started = vendor.post(job + "/confirm", "_token=" + enc(token(page)));
            assertEquals(200, started.statusCode(), started::body);
            // the page is not needed: the job goes on; the console lists it
            var done = waitFor(vendor, job, "終わりました。登録できた自治体 1、登録できなかった自治体 1。");
            String html = done.body();
            assertTrue(html.contains("ユーザー名がすでに使われていたため登録しませんでした。何も作られていません"), html);
            assertEquals("ACTIVE", registry("162043"));
            assertEquals(200, new WebSignInIT.Browser().get(base + "/c/162043/").statusCode(), "the new portal is up");
            assertTrue(keycloakUser("it-b-162043"));
            assertTrue(keycloakOrganization("162043"), "the made city's organisation is found the same way");
            // the failed row left nothing: its registry row as it was, no organisation, and the taken account untouched
            assertEquals(kanazawaBefore, registry("172014"));
            assertFalse(keycloakOrganization("172014"), "no Keycloak organisation left for the failed city");
            assertTrue(keycloakUser(takenName));
            // the existing city was not touched
            assertEquals(niigataName, settingsOf(niigata).getString("displayName"));
            assertEquals(niigataMembers, get("/api/v1/members", niigata.adminToken()).array().size());
            assertFalse(keycloakUser("it-takeover"));
            // the temporary password is on the finished page until erased
            Matcher pw = Pattern.compile("<td>it-b-162043</td>.*?<td>([A-Za-z0-9]{16})</td></tr>", Pattern.DOTALL).matcher(html);
            assertTrue(pw.find(), html);
            var console = vendor.get(base + "/vendor/");
            assertTrue(console.body().contains("href=\"" + job.substring(base.length()) + "\""), "listed on the console");
            // another vendor follows the job, but its temporary passwords and its buttons are the starter's alone
            WebSignInIT.Browser other = secondVendorOn(base + "/vendor/");
            var seen = other.get(job);
            assertEquals(200, seen.statusCode(), seen::body);
            assertTrue(seen.body().contains("この処理は vendor が始めました。") && seen.body().contains("it-b-162043"), seen::body);
            assertFalse(seen.body().contains(pw.group(1)), "another vendor does not see the temporary password");
            assertFalse(seen.body().contains("erase-form"), seen::body);
            var otherErases = other.post(job + "/erase", "_token=" + enc(token(seen.body())));
            assertEquals(403, otherErases.statusCode(), otherErases::body);
            assertTrue(otherErases.body().contains("処理を始めた運営事業者のアカウントだけができます"), otherErases::body);
            assertTrue(vendor.get(job).body().contains(pw.group(1)), "the starter's password is still there");
            var erased = vendor.post(job + "/erase", "_token=" + enc(token(html)));
            assertEquals(200, erased.statusCode(), erased::body);
            assertFalse(erased.body().contains(pw.group(1)), "erased");
        } finally {
            String v = Platform.vendor();
            call("GET", "/api/v1/cities/162043/export", v, null);
            call("DELETE", "/api/v1/cities/162043?confirm=162043", v, null);
            call("POST", "/api/v1/cities/162043/deletion/approve", Platform.secondVendor(), null); // nothing left behind
        }
    }

    @Test
    void badOnboardingFilesGiveAReadablePageAndNothingIsCreated() throws Exception {
        String base = Platform.base();
        WebSignInIT.Browser vendor = new WebSignInIT.Browser();
        var form = vendor.signIn(vendor.get(base + "/vendor/batches/new"), "vendor", Platform.DEMO_PASSWORD);
        assertEquals(200, form.statusCode(), form::body);
        StringBuilder many = new StringBuilder("団体コード,メールアドレス\n");
        for (int i = 0; i < 10_001; i++) {
            many.append("162019,a").append(i).append("@example.jp\n");
        }
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        Object[][] files = {
                {Part.file("empty.csv", "text/csv", new byte[0]), "ファイルが空です"},
                {Part.file("picture.csv", "image/png", png), "CSV ファイルではないようです"},
                {Part.file("utf16.csv", "text/csv", "162019,a@example.jp\n".getBytes(StandardCharsets.UTF_16)), "文字コードを読み取れません"},
                {Part.file("many.csv", "text/csv", many.toString().getBytes(StandardCharsets.UTF_8)), "行が多すぎます（10001行、2000行まで）"},
        };
        long before = vendorJobs();
        for (Object[] f : files) {
            var page = vendor.postMultipart(base + "/vendor/batches", Part.field("_token", token(form.body())), (Part) f[0]);
            assertEquals(400, page.statusCode(), page::body);
            assertTrue(page.body().contains("class=\"error-summary\"") && page.body().contains("id=\"file-error\"")
                    && page.body().contains((String) f[1]), page::body);
            assertFalse(page.body().contains("Exception"), page::body);
        }
        assertEquals(before, vendorJobs(), "nothing stored for a refused file");
    }

    @Test
    void aVendorExportsAndImportsOneCityOnPagesAndNobodyElseReachesThem() throws Exception {
        cities();
        String base = Platform.base();
        String target = "162051";
        WebSignInIT.Browser vendor = new WebSignInIT.Browser();
        try {
            var transfer = vendor.signIn(vendor.get(base + "/vendor/cities/" + hiroshima.code + "/transfer"), "vendor",
                    Platform.DEMO_PASSWORD);
            assertEquals(200, transfer.statusCode(), transfer::body);
            var started = vendor.post(base + "/vendor/cities/" + hiroshima.code + "/export", "_token=" + enc(token(transfer.body())));
            assertEquals(200, started.statusCode(), started::body);
            String exportJob = jobUrl(vendor);
            waitFor(vendor, exportJob, "書き出しが終わりました。");
            // another vendor sees that the export is done, but the file (the city's personal data) is the starter's
            WebSignInIT.Browser other = secondVendorOn(base + "/vendor/");
            var seenExport = other.get(exportJob);
            assertEquals(200, seenExport.statusCode(), seenExport::body);
            assertTrue(seenExport.body().contains("この処理は vendor が始めました。"), seenExport::body);
            assertFalse(seenExport.body().contains("/download"), seenExport::body);
            var otherDownload = other.get(exportJob + "/download");
            assertEquals(403, otherDownload.statusCode(), otherDownload::body);
            assertFalse(otherDownload.body().contains("kyodo-city-export"), otherDownload::body);
            var file = download(vendor, exportJob.substring(base.length()) + "/download");
            assertEquals(200, file.statusCode());
            JsonObject export = jakarta.json.Json.createReader(new java.io.ByteArrayInputStream(file.body())).readObject();
            assertEquals("kyodo-city-export/1", export.getString("format"));
            assertEquals(hiroshima.code, export.getJsonObject("city").getString("code"));

            // a new, empty city to import into (through the single-city API the pages reuse)
            var made = call("POST", "/api/v1/cities", Platform.vendor(), "{\"code\":\"" + target
                    + "\",\"adminEmail\":\"imp@example.jp\",\"adminUsername\":\"it-imp-" + target + "\"}");
            assertTrue(made.status() == 201 || made.status() == 200, made::toString);
            String importPage = base + "/vendor/cities/" + target + "/transfer";
            var page = vendor.get(importPage);
            // 広島市's own export: its accounts exist on this deployment, so the check refuses it, nothing written
            var clash = vendor.postMultipart(base + "/vendor/cities/" + target + "/import", Part.field("_token", token(page.body())),
                    Part.file("export.json", "application/json", file.body()));
            assertEquals(400, clash.statusCode(), clash::body);
            assertTrue(clash.body().contains("ファイルのアカウントがすでにこの基盤にあるため、何も取り込みません"), clash::body);
            var notJson = vendor.postMultipart(base + "/vendor/cities/" + target + "/import", Part.field("_token", token(page.body())),
                    Part.file("export.json", "application/json", "not json".getBytes(StandardCharsets.UTF_8)));
            assertEquals(400, notJson.statusCode(), notJson::body);
            assertTrue(notJson.body().contains("書き出したファイル（kyodo-city-export/1）ではありません"), notJson::body);

            String doc = "{\"format\":\"kyodo-city-export/1\",\"accounts\":[],\"tables\":{\"notice\":[{\"id\":\""
                    + java.util.UUID.randomUUID() + "\",\"title\":\"取込のお知らせ\",\"body\":\"本文\",\"published\":true,"
                    + "\"created_by\":\"import\"}]}}";
            var checked = vendor.postMultipart(base + "/vendor/cities/" + target + "/import", Part.field("_token", token(page.body())),
                    Part.file("export.json", "application/json", doc.getBytes(StandardCharsets.UTF_8)));
            assertEquals(200, checked.statusCode(), checked::body);
            String importJob = jobUrl(vendor);
            assertTrue(checked.body().contains("アカウント 0 件とデータ 1 行を取り込みます"), checked::body);
            var confirmed = vendor.post(importJob + "/confirm", "_token=" + enc(token(checked.body())));
            assertEquals(200, confirmed.statusCode(), confirmed::body);
            waitFor(vendor, importJob, "取り込みが終わりました。データ 1 行、アカウント 0 件。");
            try (Connection conn = Platform.ownerConnection()) {
                conn.setAutoCommit(false);
                TenantIsolationIT.bind(conn, TenantIsolationIT.cityId(target));
                ResultSet rs = conn.createStatement().executeQuery("SELECT title FROM notice");
                assertTrue(rs.next() && rs.getString(1).equals("取込のお知らせ"), "the imported row is in the new city");
                conn.rollback();
            }

            // a CHECKED job for the others to try (172014: none, or DELETED by another IT — it must stay as it is)
            String kanazawaBefore = registry("172014");
            var waiting = vendor.postMultipart(base + "/vendor/batches", Part.field("_token", token(checked.body())),
                    csv("172014,k@example.jp\n", StandardCharsets.UTF_8));
            String waitingJob = jobUrl(vendor);
            assertTrue(waiting.body().contains("confirm-form"), waiting::body);
            // every post of these pages needs the session's form token, the vendor's too
            for (String path : new String[] {"/vendor/cities/" + hiroshima.code + "/export", waitingJob.substring(base.length())
                    + "/confirm", waitingJob.substring(base.length()) + "/cancel", waitingJob.substring(base.length()) + "/erase"}) {
                var refused = vendor.http.send(java.net.http.HttpRequest.newBuilder(URI.create(base + path))
                        .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", base)
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("x=1")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(403, refused.statusCode(), () -> path + " " + refused.body());
            }
            assertEquals(403, vendor.postMultipart(base + "/vendor/cities/" + target + "/import",
                    Part.file("export.json", "application/json", doc.getBytes(StandardCharsets.UTF_8))).statusCode());
            String[] gets = {"/vendor/batches/new", waitingJob.substring(base.length()), exportJob.substring(base.length())
                    + "/download", "/vendor/cities/" + hiroshima.code + "/transfer"};
            for (String[] who : new String[][] {{niigata.admin, "ja"}, {niigata.operator, "en"}, {niigata.citizen, "ja"}}) {
                WebSignInIT.Browser b = new WebSignInIT.Browser();
                var signedIn = b.signIn(b.get(base + "/vendor/batches/new?lang=" + who[1]), who[0], Platform.TEST_PASSWORD);
                assertEquals(403, signedIn.statusCode(), () -> who[0] + signedIn.body());
                String own = token(signedIn.body()); // a valid token of their own session (the frame's sign-out form)
                b.get(base + "/?lang=" + who[1]); // the person's language, kept in the cookie (a ?lang= before the sign-in is not)
                for (String path : gets) {
                    var r = b.get(base + path);
                    assertEquals(403, r.statusCode(), () -> who[0] + " " + path + " " + r.body());
                    assertTrue(r.body().contains("ja".equals(who[1]) ? "このページは運営事業者だけが使えます。"
                            : "Only the platform vendor can use this page."), () -> who[0] + " " + path + " " + r.body());
                    assertFalse(r.body().contains("kyodo-city-export"), path);
                }
                for (String action : new String[] {"/confirm", "/cancel", "/erase"}) {
                    var r = b.post(waitingJob + action, "_token=" + enc(own));
                    assertEquals(403, r.statusCode(), () -> who[0] + action + r.body());
                    assertTrue(r.body().contains("ja".equals(who[1]) ? "このページは運営事業者だけが使えます。"
                            : "Only the platform vendor can use this page."), () -> who[0] + action + r.body());
                }
                assertEquals(403, b.post(base + "/vendor/cities/" + hiroshima.code + "/export", "_token=" + enc(own)).statusCode());
                assertEquals(403, b.postMultipart(base + "/vendor/batches", Part.field("_token", own),
                        csv("172014,k@example.jp\n", StandardCharsets.UTF_8)).statusCode());
                assertEquals(403, b.postMultipart(base + "/vendor/cities/" + target + "/import", Part.field("_token", own),
                        Part.file("export.json", "application/json", doc.getBytes(StandardCharsets.UTF_8))).statusCode());
            }
            assertTrue(vendor.get(waitingJob).body().contains("confirm-form"), "still waiting: nobody else confirmed it");
            assertEquals(kanazawaBefore, registry("172014"));
            var cancelled = vendor.post(waitingJob + "/cancel", "_token=" + enc(token(vendor.get(waitingJob).body())));
            assertTrue(cancelled.body().contains("この処理は取りやめました。"), cancelled::body);
        } finally {
            String v = Platform.vendor();
            call("GET", "/api/v1/cities/" + target + "/export", v, null);
            call("DELETE", "/api/v1/cities/" + target + "?confirm=" + target, v, null);
            call("POST", "/api/v1/cities/" + target + "/deletion/approve", Platform.secondVendor(), null);
        }
    }

}
