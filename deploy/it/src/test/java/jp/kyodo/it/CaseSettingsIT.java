package jp.kyodo.it;

import static jp.kyodo.it.CasesIT.enc;
import static jp.kyodo.it.CasesIT.token;
import static jp.kyodo.it.Platform.call;
import static jp.kyodo.it.Platform.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/**
 * The contact centre's settings on pages and the background response-target escalation: a city administrator adds a
 * queue and a routing rule and changes the targets through the page forms (with the form token), a new inquiry is
 * routed by the new rule; invalid input is answered 400 with the message and saves nothing; staff may look but not
 * change; another city's administrator can neither see nor change them. With {@code KYODO_SLA_SWEEP_SECONDS} small
 * (deploy/it/pom.xml), the job warns about and escalates cases without any page or list being read, once per stage.
 */
@ExtendWith(ArquillianExtension.class)
class CaseSettingsIT {

    private static TestCity shizuoka;
    private static TestCity okayama;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Platform.application();
    }

    static synchronized void cities() {
        if (shizuoka == null) {
            shizuoka = TestCity.create("221007");
            okayama = TestCity.create("331007");
        }
    }

    @AfterAll
    static void cleanUp() {
        TestCity.closeAll(shizuoka, okayama);
    }

    static String settings(TestCity c) {
        return Platform.base() + "/c/" + c.code + "/staff/settings";
    }

    // ------------------------------------------------------------------ the pages

    @Test
    void aCityAdministratorChangesQueuesRulesAndTargetsOnThePages() throws Exception {
        cities();
        String base = settings(shizuoka);
        WebSignInIT.Browser admin = new WebSignInIT.Browser();
        var overview = admin.signIn(admin.get(base), shizuoka.admin, Platform.TEST_PASSWORD);
        assertEquals(200, overview.statusCode(), overview::body);
        assertTrue(overview.body().contains("窓口・振り分け・対応期限の設定") && overview.body().contains("窓口を追加する")
                && overview.body().contains("4320分（3日）"), overview::body);
        assertTrue(overview.body().contains("/staff/settings\" aria-current=\"page\">窓口・振り分け・期限の設定</a>"),
                "linked from the staff menu, marked as the current page");

        // a queue: invalid input is answered 400 with the messages, kept, and nothing is saved
        var form = admin.get(base + "/queues/new");
        assertEquals(200, form.statusCode(), form::body);
        var bad = admin.post(base + "/queues/new", "code=" + enc("Parks!") + "&name=&tier=3&department=&_token="
                + enc(token(form.body())));
        assertEquals(400, bad.statusCode(), bad::body);
        assertTrue(bad.body().contains("class=\"error-summary\"") && bad.body().contains("窓口名を入力してください")
                && bad.body().contains("窓口コードは英小文字・数字・ハイフン"), bad::body);
        assertTrue(bad.body().contains("value=\"Parks!\"") && bad.body().contains("aria-invalid=\"true\""), bad::body);
        assertFalse(get("/api/v1/cases/queues", shizuoka.adminToken()).body().contains("Parks!"), "nothing saved");
        var forged = admin.post(base + "/queues/new", "code=parks&name=x&tier=3&_token=forged");
        assertEquals(403, forged.statusCode(), "a form without this session's token is refused (centrally)");
        assertTrue(forged.body().contains("送信できませんでした"), forged::body);
        assertFalse(get("/api/v1/cases/queues", shizuoka.adminToken()).body().contains("\"parks\""), "nothing saved");

        var saved = admin.post(base + "/queues/new", "code=parks&name=" + enc("公園緑地課") + "&tier=3&department="
                + enc("公園緑地課") + "&_token=" + enc(token(form.body())));
        assertEquals(200, saved.statusCode(), saved::body);
        assertTrue(saved.body().contains("窓口を保存しました。") && saved.body().contains("公園緑地課"), saved::body);

        // a rule: without a queue it is refused with the message and the typed keywords kept
        var ruleForm = admin.get(base + "/rules/new");
        assertEquals(200, ruleForm.statusCode(), ruleForm::body);
        String t = token(ruleForm.body());
        int before = get("/api/v1/cases/routing-rules", shizuoka.adminToken()).array().size();
        var noQueue = admin.post(base + "/rules/new", "category=&keywords=" + enc("公園\nブランコ") + "&departmentWords=&priority="
                + "&queueCode=&_token=" + enc(t));
        assertEquals(400, noQueue.statusCode(), noQueue::body);
        assertTrue(noQueue.body().contains("振り分け先の窓口を選んでください") && noQueue.body().contains("公園\nブランコ"), noQueue::body);
        assertEquals(before, get("/api/v1/cases/routing-rules", shizuoka.adminToken()).array().size(), "nothing saved");
        var ruleSaved = admin.post(base + "/rules/new", "category=&keywords=" + enc("公園\nブランコ") + "&departmentWords="
                + "&priority=HIGH&queueCode=parks&_token=" + enc(t));
        assertEquals(200, ruleSaved.statusCode(), ruleSaved::body);
        assertTrue(ruleSaved.body().contains("振り分けルールを保存しました。") && ruleSaved.body().contains("「公園」「ブランコ」"),
                ruleSaved::body);
        var rules = get("/api/v1/cases/routing-rules", shizuoka.adminToken()).array();
        assertEquals(before + 1, rules.size(), rules::toString);
        JsonObject parksRule = rules.get(rules.size() - 1).asJsonObject();
        assertEquals("parks", parksRule.getString("queueCode"), "a new rule goes last");
        String ruleId = parksRule.getString("id");

        // move it up one place on the page: it swaps with its neighbour
        String neighbour = rules.get(rules.size() - 2).asJsonObject().getString("id");
        var moved = admin.post(base + "/rules/" + ruleId + "/up", "_token=" + enc(t));
        assertEquals(200, moved.statusCode(), moved::body);
        assertTrue(moved.body().contains("ルールの順番を変えました。"), moved::body);
        rules = get("/api/v1/cases/routing-rules", shizuoka.adminToken()).array();
        assertEquals(ruleId, rules.get(rules.size() - 2).asJsonObject().getString("id"), rules::toString);
        assertEquals(neighbour, rules.get(rules.size() - 1).asJsonObject().getString("id"), rules::toString);

        // a new inquiry is routed by the new rule, with its priority raise
        var inquiry = CasesIT.inquire(shizuoka.citizenToken(), "遊具の故障", "近くの公園のブランコが壊れています");
        assertEquals(201, inquiry.status(), inquiry::toString);
        var routed = get("/api/v1/cases/" + inquiry.json().getString("id"), shizuoka.operatorToken()).json();
        assertEquals("parks", routed.getString("queueCode"), routed::toString);
        assertEquals("HIGH", routed.getString("priority"), routed::toString);

        // edit then delete a throw-away rule on the pages
        var extra = admin.post(base + "/rules/new", "keywords=" + enc("削除する語") + "&queueCode=parks&_token=" + enc(t));
        assertEquals(200, extra.statusCode(), extra::body);
        rules = get("/api/v1/cases/routing-rules", shizuoka.adminToken()).array();
        String extraId = rules.get(rules.size() - 1).asJsonObject().getString("id");
        var editForm = admin.get(base + "/rules/" + extraId);
        assertTrue(editForm.statusCode() == 200 && editForm.body().contains("削除する語"), editForm::body);
        var edited = admin.post(base + "/rules/" + extraId, "keywords=" + enc("変えた語") + "&queueCode=operator&_token=" + enc(t));
        assertEquals(200, edited.statusCode(), edited::body);
        JsonObject editedRule = get("/api/v1/cases/routing-rules", shizuoka.adminToken()).array().stream()
                .map(JsonValue::asJsonObject).filter(r -> r.getString("id").equals(extraId)).findFirst().orElseThrow();
        assertEquals("operator", editedRule.getString("queueCode"), editedRule::toString);
        assertEquals("変えた語", editedRule.getJsonArray("keywords").getString(0), editedRule::toString);
        var deleted = admin.post(base + "/rules/" + extraId + "/delete", "_token=" + enc(t));
        assertEquals(200, deleted.statusCode(), deleted::body);
        assertTrue(deleted.body().contains("ルールを削除しました。"), deleted::body);
        assertFalse(get("/api/v1/cases/routing-rules", shizuoka.adminToken()).body().contains(extraId), "deleted");

        // response targets: a word where minutes belong, and a warning longer than the target, save nothing
        String targetsBefore = get("/api/v1/cases/sla-targets", shizuoka.adminToken()).body();
        var notANumber = admin.post(base + "/sla", sla("abc", "", "1440", "") + "&_token=" + enc(t));
        assertEquals(400, notANumber.statusCode(), notANumber::body);
        assertTrue(notANumber.body().contains("半角数字で入力してください") && notANumber.body().contains("value=\"abc\""),
                notANumber::body);
        var tooLong = admin.post(base + "/sla", sla("4320", "5000", "1440", "") + "&_token=" + enc(t));
        assertEquals(400, tooLong.statusCode(), tooLong::body);
        assertTrue(tooLong.body().contains("事前の警告は1分以上、対応期限（4320分）以下にしてください")
                && tooLong.body().contains("aria-describedby=\"sla-NORMAL-warn-hint sla-NORMAL-warn-error\""), tooLong::body);
        assertEquals(targetsBefore, get("/api/v1/cases/sla-targets", shizuoka.adminToken()).body(), "nothing saved");
        var slaSaved = admin.post(base + "/sla", sla("2880", "120", "480", "") + "&_token=" + enc(t));
        assertEquals(200, slaSaved.statusCode(), slaSaved::body);
        assertTrue(slaSaved.body().contains("対応期限を保存しました。") && slaSaved.body().contains("2880分（2日）"), slaSaved::body);
        var targets = get("/api/v1/cases/sla-targets", shizuoka.adminToken()).array();
        JsonObject normal = targets.stream().map(JsonValue::asJsonObject).filter(x -> x.getString("priority").equals("NORMAL"))
                .findFirst().orElseThrow();
        assertEquals(2880, normal.getInt("responseMinutes"), targets::toString);
        assertEquals(120, normal.getInt("warnBeforeMinutes"), targets::toString);

        // staff see the settings but cannot change them
        WebSignInIT.Browser staff = new WebSignInIT.Browser();
        var staffView = staff.signIn(staff.get(base), shizuoka.staff, Platform.TEST_PASSWORD);
        assertEquals(200, staffView.statusCode(), staffView::body);
        assertTrue(staffView.body().contains("公園緑地課") && staffView.body().contains("設定を変更できるのは市の管理者です"),
                staffView::body);
        assertFalse(staffView.body().contains("窓口を追加する"), staffView::body);
        var staffPost = staff.post(base + "/sla", sla("5", "", "5", "") + "&_token=" + enc(token(staff.get(Platform.base()
                + "/c/" + shizuoka.code + "/staff/cases/new").body())));
        assertEquals(403, staffPost.statusCode(), staffPost::body);
        assertEquals(2880, get("/api/v1/cases/sla-targets", shizuoka.adminToken()).array().stream()
                .map(JsonValue::asJsonObject).filter(x -> x.getString("priority").equals("NORMAL")).findFirst().orElseThrow()
                .getInt("responseMinutes"), "the staff member's post changed nothing");
    }

    @Test
    void anotherCitysAdministratorCanNeitherSeeNorChangeTheSettings() throws Exception {
        cities();
        // 静岡市 has a queue of its own that 岡山市 must not see
        var added = call("POST", "/api/v1/cases/queues", shizuoka.adminToken(),
                "{\"code\":\"shizuoka-only\",\"name\":\"静岡だけの窓口\",\"tier\":3}");
        assertEquals(200, added.status(), added::toString);
        JsonObject queue = added.array().stream().map(JsonValue::asJsonObject)
                .filter(q -> q.getString("code").equals("shizuoka-only")).findFirst().orElseThrow();
        String queueId = queue.getString("id");
        String ruleId = get("/api/v1/cases/routing-rules", shizuoka.adminToken()).array().get(0).asJsonObject().getString("id");

        WebSignInIT.Browser other = new WebSignInIT.Browser();
        var own = other.signIn(other.get(settings(okayama)), okayama.admin, Platform.TEST_PASSWORD);
        assertEquals(200, own.statusCode(), own::body);
        assertFalse(own.body().contains("静岡だけの窓口"), "岡山市 sees its own queues only");
        String t = token(own.body());
        // 岡山市's pages with 静岡市's ids: not found
        var byId = other.get(settings(okayama) + "/queues/" + queueId);
        assertEquals(404, byId.statusCode(), byId::body);
        var ruleById = other.get(settings(okayama) + "/rules/" + ruleId);
        assertEquals(404, ruleById.statusCode(), ruleById::body);
        var deleteForeign = other.post(settings(okayama) + "/rules/" + ruleId + "/delete", "_token=" + enc(t));
        assertEquals(404, deleteForeign.statusCode(), deleteForeign::body);
        // 静岡市's pages: refused (or asked to sign in there), nothing shown, nothing changed
        var foreign = other.get(settings(shizuoka));
        assertFalse(foreign.body().contains("静岡だけの窓口"), foreign::body);
        assertTrue(foreign.statusCode() == 403 || other.url.startsWith(Platform.keycloak()),
                () -> foreign.statusCode() + " " + other.url);
        var foreignPost = other.post(settings(shizuoka) + "/queues/" + queueId, "code=taken&name=" + enc("乗っ取り")
                + "&tier=3&_token=" + enc(t));
        assertFalse(foreignPost.statusCode() == 200 && foreignPost.body().contains("窓口を保存しました"), foreignPost::body);
        // and the API: 静岡市's ids are not found for 岡山市's administrator
        assertEquals(404, call("PUT", "/api/v1/cases/queues/" + queueId, okayama.adminToken(),
                "{\"code\":\"taken\",\"name\":\"乗っ取り\",\"tier\":3}").status());
        assertEquals(404, call("DELETE", "/api/v1/cases/routing-rules/" + ruleId, okayama.adminToken(), null).status());
        assertEquals(404, call("PUT", "/api/v1/cases/routing-rules/" + ruleId, okayama.adminToken(),
                "{\"queueCode\":\"operator\"}").status());
        assertEquals(404, call("POST", "/api/v1/cases/routing-rules/" + ruleId + "/move?direction=down", okayama.adminToken(),
                null).status());
        var after = get("/api/v1/cases/queues", shizuoka.adminToken());
        assertTrue(after.body().contains("静岡だけの窓口") && !after.body().contains("乗っ取り"), after::toString);
        assertTrue(get("/api/v1/cases/routing-rules", shizuoka.adminToken()).body().contains(ruleId), "the rule is still there");
        // an operator may not change queues through the API either
        assertEquals(403, call("PUT", "/api/v1/cases/queues/" + queueId, shizuoka.operatorToken(),
                "{\"code\":\"shizuoka-only\",\"name\":\"x\",\"tier\":3}").status());
    }

    @Test
    void theSettingsPagesAreAccessibleOnAPhone() {
        cities();
        List<String> problems = new ArrayList<>();
        try (Chromium b = Chromium.start()) {
            b.open(settings(okayama));
            b.signIn(okayama.admin, Platform.TEST_PASSWORD);
            b.find(By.id("sla-heading"));
            problems.addAll(BrowserIT.check(b, "settings"));
            b.open(settings(okayama) + "/rules/new");
            b.find(By.id("keywords"));
            problems.addAll(BrowserIT.check(b, "new rule"));
            b.type(By.id("keywords"), "テスト");
            b.submit(By.id("keywords"));
            b.find(By.cssSelector(".error-summary"));
            assertTrue(b.text().contains("振り分け先の窓口を選んでください"), b::text);
            assertEquals("テスト", b.find(By.id("keywords")).getAttribute("value"), "typed input kept");
            problems.addAll(BrowserIT.check(b, "rule with errors"));
            b.open(settings(okayama) + "/queues/new");
            b.find(By.id("name"));
            problems.addAll(BrowserIT.check(b, "new queue"));
            // the pages on templates: no axe-core violation of any impact, in Japanese and in another language
            String staff = Platform.base() + "/c/" + okayama.code + "/staff/";
            for (String lang : List.of("ja", "en", "vi")) {
                b.open(settings(okayama) + "?lang=" + lang);
                b.find(By.id("sla-heading"));
                problems.addAll(BrowserIT.check(b, "settings " + lang));
                b.open(staff + "dashboard?lang=" + lang);
                b.find(By.id("table-heading"));
                problems.addAll(BrowserIT.check(b, "dashboard " + lang));
                b.open(staff + "faq-proposals?lang=" + lang);
                b.find(By.cssSelector("input[name=note]"));
                problems.addAll(BrowserIT.check(b, "FAQ proposals " + lang));
            }
            b.open(settings(okayama) + "/rules/new?lang=zh");
            b.find(By.id("keywords"));
            problems.addAll(BrowserIT.check(b, "new rule zh"));
            b.open(settings(okayama) + "/queues/new?lang=ko");
            b.find(By.id("name"));
            problems.addAll(BrowserIT.check(b, "new queue ko"));
            b.open(staff + "dashboard?lang=ja-easy");
            b.find(By.id("table-heading"));
            problems.addAll(BrowserIT.check(b, "dashboard ja-easy"));
            b.open(settings(okayama) + "?lang=ja");
            // the queue overview with its near/breached columns still fits a phone
            b.open(Platform.base() + "/c/" + okayama.code + "/staff/cases");
            b.find(By.tagName("table"));
            problems.addAll(BrowserIT.check(b, "queue overview"));
        }
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }

    @Test
    void staffDecideFaqProposalsOnThePageAndOperatorsOnlyLook() throws Exception {
        cities();
        String page = Platform.base() + "/c/" + shizuoka.code + "/staff/faq-proposals";
        String proposal = get("/api/v1/faq-proposals?status=PENDING", shizuoka.staffToken()).array().get(0).asJsonObject()
                .getString("id");
        String foreign = get("/api/v1/faq-proposals?status=PENDING", okayama.staffToken()).array().get(0).asJsonObject()
                .getString("id");

        // an operator sees the proposals but no decision form, and a post is refused
        WebSignInIT.Browser operator = new WebSignInIT.Browser();
        var seen = operator.signIn(operator.get(page), shizuoka.operator, Platform.TEST_PASSWORD);
        assertEquals(200, seen.statusCode(), seen::body);
        assertTrue(seen.body().contains("FAQ改善提案") && seen.body().contains(shizuoka.canary), seen::body);
        assertFalse(seen.body().contains("/" + proposal + "/approve"), "no form for an operator");
        var refused = operator.post(page + "/" + proposal + "/approve", "note=&_token=" + enc(token(operator.get(Platform.base()
                + "/c/" + shizuoka.code + "/staff/cases/new").body())));
        assertEquals(403, refused.statusCode(), refused::body);
        assertEquals("PENDING", status(proposal), "the operator's post changed nothing");

        // staff: a note too long is answered 400 on its field with the text kept; then approve (303 → the page)
        WebSignInIT.Browser staff = new WebSignInIT.Browser();
        var signedIn = staff.signIn(staff.get(page), shizuoka.staff, Platform.TEST_PASSWORD);
        assertEquals(200, signedIn.statusCode(), signedIn::body);
        var list = staff.get(page + "?lang=en");
        assertEquals(200, list.statusCode(), list::body);
        assertTrue(list.body().contains("FAQ proposals") && list.body().contains("<div lang=\"en\">")
                && list.body().contains("/" + proposal + "/approve"), list::body);
        String t = token(list.body());
        String tooLong = "長".repeat(1001);
        var bad = staff.post(page + "/" + proposal + "/approve", "note=" + enc(tooLong) + "&_token=" + enc(t));
        assertEquals(400, bad.statusCode(), bad::body);
        assertTrue(bad.body().contains("href=\"#note-" + proposal + "\"") && bad.body().contains("value=\"" + tooLong + "\"")
                && bad.body().contains("aria-invalid=\"true\""), bad::body);
        assertEquals("PENDING", status(proposal), "nothing decided");
        var nul = staff.post(page + "/" + proposal + "/reject", "note=" + enc("a\u0000b") + "&_token=" + enc(t));
        assertEquals(400, nul.statusCode(), "a NUL in the comment is refused at its field, not a database failure: " + nul.body());
        assertTrue(nul.body().contains("NUL") && nul.body().contains("aria-invalid=\"true\""), nul::body);
        assertEquals("PENDING", status(proposal), "nothing decided");
        var approved = staff.post(page + "/" + proposal + "/approve?lang=ja", "note=" + enc("良い提案") + "&_token=" + enc(t));
        assertEquals(200, approved.statusCode(), approved::body);
        assertTrue(staff.url.contains("/staff/faq-proposals?done=approve"), staff.url);
        assertTrue(approved.body().contains("提案を承認しました。") && approved.body().contains("良い提案"), approved::body);
        assertEquals("APPROVED", status(proposal));
        var again = staff.post(page + "/" + proposal + "/reject", "note=&_token=" + enc(t));
        assertEquals(409, again.statusCode(), again::body);
        assertTrue(again.body().contains("この提案はすでに判断済みです。"), again::body);
        // another city's proposal through this city's page: not found, and still pending there
        var other = staff.post(page + "/" + foreign + "/reject", "note=&_token=" + enc(t));
        assertEquals(404, other.statusCode(), other::body);
        assertEquals("PENDING", get("/api/v1/faq-proposals?status=PENDING", okayama.staffToken()).array().stream()
                .map(JsonValue::asJsonObject).filter(x -> x.getString("id").equals(foreign)).findFirst().orElseThrow()
                .getString("status"));

        // the dashboard in Korean: its words, the chart and the table
        var dashboard = staff.get(Platform.base() + "/c/" + shizuoka.code + "/staff/dashboard?lang=ko");
        assertEquals(200, dashboard.statusCode(), dashboard::body);
        assertTrue(dashboard.body().contains("대시보드") && dashboard.body().contains("role=\"img\"")
                && dashboard.body().contains("class=\"reflow\"") && !dashboard.body().contains("style=\""), dashboard::body);
    }

    private static String status(String proposal) {
        for (String s : List.of("PENDING", "APPROVED", "REJECTED")) {
            if (get("/api/v1/faq-proposals?status=" + s, shizuoka.staffToken()).body().contains(proposal)) {
                return s;
            }
        }
        return "none";
    }

    // ------------------------------------------------------------------ the background job

    @Test
    void theJobWarnsAndEscalatesWithoutAnyPageBeingRead() throws Exception {
        cities();
        // a 5-minute target: the automatic warning (at least 15 minutes) is due at once
        var targets = call("PUT", "/api/v1/cases/sla-targets", okayama.adminToken(),
                "[{\"priority\":\"NORMAL\",\"responseMinutes\":5}]");
        assertEquals(200, targets.status(), targets::toString);
        UUID city = TenantIsolationIT.cityId(okayama.code);
        // a HIGH case (target one day: not near yet) that an operator takes first; then its warning time is moved
        // to the past, so the job warns about a case that someone has
        var high = call("POST", "/api/v1/cases", okayama.operatorToken(), Json.createObjectBuilder().add("channel", "PHONE")
                .add("category", "procedures").add("subject", "期限が近い担当済みの案件").add("notes", "通話メモ")
                .add("priority", "HIGH").add("contactName", "電話 花子").build().toString());
        assertEquals(201, high.status(), high::toString);
        String taken = high.json().getString("id");
        assertEquals(200, call("POST", "/api/v1/cases/" + taken + "/take", okayama.operatorToken(), null).status());
        assertEquals(0, slaEvents(city, taken).size(), "a one-day target is not near at once");
        try (Connection conn = Platform.ownerConnection()) {
            conn.setAutoCommit(false);
            TenantIsolationIT.bind(conn, city);
            try (PreparedStatement ps = conn.prepareStatement(
                    "UPDATE inquiry_case SET sla_warn_at = now() - interval '1 minute' WHERE id = ?")) {
                ps.setObject(1, UUID.fromString(taken));
                assertEquals(1, ps.executeUpdate());
            }
            conn.commit();
        }
        String waiting = CasesIT.phoneCall(okayama, "期限が近い未担当の案件").json().getString("id");

        // nobody reads a list, a queue or the dashboard: only the job can mark them
        waitFor(() -> slaEvents(city, waiting).size() == 1 && slaEvents(city, taken).size() == 1, "the near warnings");
        List<String[]> events = slaEvents(city, waiting);
        assertEquals("system", events.get(0)[0]);
        assertTrue(events.get(0)[1].startsWith("対応期限が近づいています"), events.get(0)[1]);
        assertTrue(events.get(0)[1].contains("「通常」から「高」に引き上げました"), events.get(0)[1]);
        assertEquals("HIGH", priority(city, waiting), "unassigned in the operators' queue: one step up");
        assertEquals("HIGH", priority(city, taken), "someone has it: not raised");
        assertFalse(slaEvents(city, taken).get(0)[1].contains("引き上げ"), slaEvents(city, taken).get(0)[1]);

        // past the due time: URGENT and one more entry, again by the job
        try (Connection conn = Platform.ownerConnection()) {
            conn.setAutoCommit(false);
            TenantIsolationIT.bind(conn, city);
            try (PreparedStatement ps = conn.prepareStatement("UPDATE inquiry_case SET created_at = now() - interval '10 minutes', "
                    + "sla_due_at = now() - interval '5 minutes' WHERE id = ?")) {
                ps.setObject(1, UUID.fromString(waiting));
                assertEquals(1, ps.executeUpdate());
            }
            conn.commit();
        }
        waitFor(() -> slaEvents(city, waiting).size() == 2, "the breach mark");
        events = slaEvents(city, waiting);
        assertEquals("system", events.get(1)[0]);
        assertTrue(events.get(1)[1].startsWith("対応期限を過ぎました"), events.get(1)[1]);
        assertEquals("URGENT", priority(city, waiting));

        // once per stage: further sweeps (the job's and ten concurrent reads') add nothing
        ExecutorService pool = Executors.newFixedThreadPool(5);
        List<Future<Platform.Reply>> reads = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            reads.add(pool.submit(() -> get("/api/v1/cases/queues", okayama.operatorToken())));
        }
        for (Future<Platform.Reply> f : reads) {
            assertEquals(200, f.get().status(), () -> "queues: " + f);
        }
        pool.shutdown();
        Thread.sleep(Long.parseLong(Platform.env("KYODO_SLA_SWEEP_SECONDS", "3")) * 2000 + 1000);
        assertEquals(2, slaEvents(city, waiting).size(), "still one entry per stage");
        assertEquals(1, slaEvents(city, taken).size(), "still one warning");

        // the in-app signal: the queue overview counts them
        JsonObject operatorQueue = get("/api/v1/cases/queues", okayama.operatorToken()).array().stream()
                .map(JsonValue::asJsonObject).filter(q -> q.getString("code").equals("operator")).findFirst().orElseThrow();
        assertTrue(operatorQueue.getInt("breached") >= 1 && operatorQueue.getInt("near") >= 1, operatorQueue::toString);
        var d = get("/api/v1/cases/" + taken, okayama.operatorToken()).json();
        assertEquals("NEAR", d.getString("sla"), d::toString);
        WebSignInIT.Browser op = new WebSignInIT.Browser();
        var page = op.signIn(op.get(Platform.base() + "/c/" + okayama.code + "/staff/cases"), okayama.operator,
                Platform.TEST_PASSWORD);
        assertEquals(200, page.statusCode(), page::body);
        assertTrue(page.body().contains("期限間近") && page.body().contains("対応期限が近い案件が"), page::body);
    }

    // ------------------------------------------------------------------ helpers

    private static String sla(String normalMinutes, String normalWarn, String highMinutes, String highWarn) {
        return "sla-LOW-minutes=7200&sla-LOW-warn=&sla-NORMAL-minutes=" + enc(normalMinutes) + "&sla-NORMAL-warn=" + enc(normalWarn)
                + "&sla-HIGH-minutes=" + enc(highMinutes) + "&sla-HIGH-warn=" + enc(highWarn)
                + "&sla-URGENT-minutes=240&sla-URGENT-warn=";
    }

    /** The case's SLA timeline entries in order: actor and text. */
    private static List<String[]> slaEvents(UUID city, String caseId) {
        try (Connection conn = Platform.ownerConnection()) {
            conn.setAutoCommit(false);
            TenantIsolationIT.bind(conn, city);
            List<String[]> out = new ArrayList<>();
            try (PreparedStatement ps = conn.prepareStatement(
                    "SELECT actor, body FROM case_event WHERE case_id = ? AND kind = 'SLA' ORDER BY at, id")) {
                ps.setObject(1, UUID.fromString(caseId));
                ResultSet rs = ps.executeQuery();
                while (rs.next()) {
                    out.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
            conn.commit();
            return out;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String priority(UUID city, String caseId) throws Exception {
        try (Connection conn = Platform.ownerConnection()) {
            conn.setAutoCommit(false);
            TenantIsolationIT.bind(conn, city);
            try (PreparedStatement ps = conn.prepareStatement("SELECT priority FROM inquiry_case WHERE id = ?")) {
                ps.setObject(1, UUID.fromString(caseId));
                ResultSet rs = ps.executeQuery();
                assertTrue(rs.next());
                return rs.getString(1);
            } finally {
                conn.commit();
            }
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier done, String what) throws InterruptedException {
        long until = System.nanoTime() + 90_000_000_000L;
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < until, "the background job did not write " + what + " within 90 s");
            Thread.sleep(500);
        }
    }
}
