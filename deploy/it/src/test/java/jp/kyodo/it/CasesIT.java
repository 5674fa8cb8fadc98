package jp.kyodo.it;

import static jp.kyodo.it.Platform.call;
import static jp.kyodo.it.Platform.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Contact-centre cases in the deployed application: reception numbers without gaps under concurrency, exactly one
 * winner when two people take a case at once, the concierge's hand-over as a case with its transcript, another city
 * finding nothing (API and pages), a citizen seeing only their own inquiries, the whole inquiry flow over HTTP, and
 * the response-target check.
 */
@ExtendWith(ArquillianExtension.class)
class CasesIT {

    private static TestCity nagoya;
    private static TestCity kyoto;
    private static String secondCitizen;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Platform.application();
    }

    static synchronized void cities() {
        if (nagoya == null) {
            nagoya = TestCity.create("231002");
            kyoto = TestCity.create("261009");
            secondCitizen = "it-citizen2-" + nagoya.code;
            var members = get("/api/v1/members", nagoya.adminToken());
            if (!members.body().contains("\"" + secondCitizen + "\"")) {
                var r = call("POST", "/api/v1/members", nagoya.adminToken(), Json.createObjectBuilder()
                        .add("username", secondCitizen).add("familyName", "試験").add("givenName", "市民二")
                        .add("email", secondCitizen + "@example.jp").add("role", "citizen")
                        .add("password", Platform.TEST_PASSWORD).add("temporaryPassword", false).build().toString());
                assertEquals(201, r.status(), r::toString);
            }
        }
    }

    @AfterAll
    static void cleanUp() {
        for (TestCity t : new TestCity[] {nagoya, kyoto}) {
            if (t != null) {
                t.close();
            }
        }
    }

    static String secondCitizenToken() {
        return Platform.token(secondCitizen, Platform.TEST_PASSWORD, nagoya.scope());
    }

    static Platform.Reply inquire(String token, String subject, String message) {
        return call("POST", "/api/v1/my/inquiries", token, Json.createObjectBuilder().add("category", "other")
                .add("subject", subject).add("message", message).build().toString());
    }

    static Platform.Reply phoneCall(TestCity city, String subject) {
        return call("POST", "/api/v1/cases", city.operatorToken(), Json.createObjectBuilder().add("channel", "PHONE")
                .add("category", "procedures").add("subject", subject).add("notes", "通話メモ: " + subject)
                .add("contactName", "電話 太郎").add("contactPhone", "03-0000-0000").build().toString());
    }

    // ------------------------------------------------------------------ reception numbers

    @Test
    void receptionNumbersPerCityAreUniqueAndGapFreeUnderConcurrency() throws Exception {
        cities();
        int perCity = 110;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        Map<String, List<String>> given = new ConcurrentHashMap<>();
        AtomicInteger failures = new AtomicInteger();
        List<Future<?>> all = new ArrayList<>();
        for (TestCity city : new TestCity[] {nagoya, kyoto}) {
            given.put(city.code, Collections.synchronizedList(new ArrayList<>()));
            String citizen = city.citizenToken();
            String operator = city.operatorToken();
            for (int i = 0; i < perCity; i++) {
                int n = i;
                all.add(pool.submit(() -> {
                    // both channels draw from the same counter: citizens' web forms and operators' phone calls
                    var r = n % 2 == 0 ? inquire(citizen, "同時受付 " + n, "本文 " + n) : phoneCall(city, "同時受付 " + n);
                    if (r.status() != 201) {
                        failures.incrementAndGet();
                        System.out.println("[cases] refused: " + r);
                        return;
                    }
                    given.get(city.code).add(r.json().getString("receptionNumber"));
                }));
            }
        }
        for (Future<?> f : all) {
            f.get(5, TimeUnit.MINUTES);
        }
        pool.shutdown();
        assertEquals(0, failures.get(), "every creation succeeded");
        int year = LocalDate.now(ZoneId.of("Asia/Tokyo")).getYear();
        for (TestCity city : new TestCity[] {nagoya, kyoto}) {
            List<String> mine = given.get(city.code);
            assertEquals(perCity, mine.size());
            assertEquals(perCity, new TreeSet<>(mine).size(), "no number given twice in " + city.code);
            // every number of the city this year, whatever created it (the hand-over of TestCity too): 1..N
            List<Long> stored = new ArrayList<>();
            try (Connection conn = Platform.appConnection()) {
                conn.setAutoCommit(false);
                TenantIsolationIT.bind(conn, TenantIsolationIT.cityId(city.code));
                try (PreparedStatement ps = conn.prepareStatement("SELECT reception_number FROM inquiry_case WHERE reception_number LIKE ? "
                        + "UNION ALL SELECT reception_number FROM application WHERE reception_number LIKE ?")) {
                    // cases and applications draw from the same counter (TestCity files an application too)
                    ps.setString(1, year + "-%");
                    ps.setString(2, year + "-%");
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            stored.add(Long.parseLong(rs.getString(1).substring(5)));
                        }
                    }
                }
                conn.rollback();
            }
            Collections.sort(stored);
            assertTrue(stored.size() >= perCity + 1, "the city's cases: " + stored.size());
            for (int i = 0; i < stored.size(); i++) {
                assertEquals(i + 1, stored.get(i), "numbers of " + city.code + " run 1..N without gaps: " + stored);
            }
            for (String n : mine) {
                assertTrue(n.matches(year + "-\\d{6}"), n);
            }
        }
    }

    // ------------------------------------------------------------------ taking a case

    @Test
    void twoPeopleTakingTheSameCaseAtOnceExactlyOneWins() throws Exception {
        cities();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        String[] tokens = {nagoya.operatorToken(), nagoya.staffToken()};
        for (int round = 0; round < 24; round++) {
            var created = phoneCall(nagoya, "取り合い " + round);
            assertEquals(201, created.status(), created::toString);
            String id = created.json().getString("id");
            CyclicBarrier start = new CyclicBarrier(2);
            List<Future<Platform.Reply>> replies = new ArrayList<>();
            for (String token : tokens) {
                replies.add(pool.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    return call("POST", "/api/v1/cases/" + id + "/take", token, null);
                }));
            }
            Platform.Reply first = replies.get(0).get(2, TimeUnit.MINUTES);
            Platform.Reply second = replies.get(1).get(2, TimeUnit.MINUTES);
            int won = (first.status() == 200 ? 1 : 0) + (second.status() == 200 ? 1 : 0);
            assertEquals(1, won, () -> "exactly one wins: " + first + " / " + second);
            Platform.Reply loser = first.status() == 200 ? second : first;
            Platform.Reply winner = first.status() == 200 ? first : second;
            assertEquals(409, loser.status(), loser::toString);
            assertTrue(loser.isProblem() && loser.body().contains("case-taken"), loser::toString);
            String assignee = winner.json().getString("assignee");
            assertTrue(loser.body().contains(assignee), "the refusal names who has it: " + loser);
            var stored = get("/api/v1/cases/" + id, nagoya.adminToken()).json();
            assertEquals(assignee, stored.getString("assignee"));
            assertEquals("ASSIGNED", stored.getString("status"));
            long assignments = stored.getJsonArray("timeline").stream()
                    .filter(v -> v.asJsonObject().getString("kind").equals("ASSIGNMENT")).count();
            assertEquals(1, assignments, "one assignment on the timeline");
        }
        pool.shutdown();
        // taking one's own case again is fine; a finished case cannot be taken
        var c = phoneCall(nagoya, "再度の担当").json().getString("id");
        assertEquals(200, call("POST", "/api/v1/cases/" + c + "/take", nagoya.operatorToken(), null).status());
        assertEquals(200, call("POST", "/api/v1/cases/" + c + "/take", nagoya.operatorToken(), null).status());
        assertEquals(409, call("POST", "/api/v1/cases/" + c + "/take", nagoya.staffToken(), null).status());
        // a phone caller without an account cannot be replied to through the portal: a clear 409
        var noAccount = call("POST", "/api/v1/cases/" + c + "/replies", nagoya.operatorToken(), "{\"text\":\"折り返します\"}");
        assertEquals(409, noAccount.status(), noAccount::toString);
        assertTrue(noAccount.isProblem() && noAccount.body().contains("no-citizen-account"), noAccount::toString);
    }

    // ------------------------------------------------------------------ the concierge's hand-over

    @Test
    void aConciergeHandOverBecomesACaseWithItsTranscript() {
        cities();
        String question = "人と話したい。保育園の入所について相談があります " + nagoya.canary;
        var ask = call("POST", "/api/v1/concierge/ask", nagoya.citizenToken(),
                Json.createObjectBuilder().add("question", question).build().toString());
        assertEquals(200, ask.status(), ask::toString);
        assertEquals("HANDOVER", ask.json().getString("outcome"), ask::toString);
        String number = ask.json().getString("receptionNumber");
        String handoverId = ask.json().getString("handoverId");
        assertTrue(number.matches("20\\d\\d-\\d{6}"), number);

        var c = get("/api/v1/cases/" + number, nagoya.operatorToken());
        assertEquals(200, c.status(), c::toString);
        JsonObject d = c.json();
        assertEquals("CONCIERGE", d.getString("channel"));
        assertEquals(handoverId, d.getString("handoverId"));
        assertEquals(nagoya.citizen, d.getString("citizenUsername"));
        assertEquals(number, d.getString("receptionNumber"));
        JsonObject transcript = d.getJsonArray("timeline").stream().map(JsonValue::asJsonObject)
                .filter(e -> e.getString("kind").equals("TRANSCRIPT")).findFirst()
                .orElseThrow(() -> new AssertionError("transcript on the timeline: " + c));
        assertTrue(transcript.getString("body").contains(question), transcript::toString);
        assertTrue(transcript.getString("body").contains("AIコンシェルジュ"), transcript::toString);
        // the hand-over record carries the same number
        var h = get("/api/v1/concierge/handovers/" + handoverId, nagoya.staffToken());
        assertEquals(number, h.json().getString("receptionNumber"));
        // and the citizen finds it among their inquiries
        var mine = get("/api/v1/my/inquiries", nagoya.citizenToken());
        assertTrue(mine.body().contains(number), mine::toString);

        var r = call("GET", "/api/v1/cases?citizen=" + nagoya.citizen, nagoya.staffToken(), null);
        assertEquals(200, r.status());
        assertTrue(r.body().contains(number), "citizen 360 lists the case");
    }

    // ------------------------------------------------------------------ another city

    @Test
    void anotherCityFindsNothingByIdOrNumber() throws Exception {
        cities();
        // Nagoya's newest number must be one that Kyoto has not reached (numbers are per city)
        long kyotoMax = get("/api/v1/cases?limit=500", kyoto.adminToken()).array().stream()
                .mapToLong(v -> Long.parseLong(v.asJsonObject().getString("receptionNumber").substring(5))).max().orElse(0);
        String number;
        String id;
        int tries = 0;
        do {
            var r = inquire(nagoya.citizenToken(), "他市から見えない " + nagoya.canary, "本文 " + nagoya.canary);
            assertEquals(201, r.status(), r::toString);
            number = r.json().getString("receptionNumber");
            id = r.json().getString("id");
        } while (Long.parseLong(number.substring(5)) <= kyotoMax && ++tries < 400);
        assertTrue(Long.parseLong(number.substring(5)) > kyotoMax, "Kyoto has no case " + number);
        assertEquals(200, get("/api/v1/cases/" + number, nagoya.operatorToken()).status());
        for (String token : List.of(kyoto.operatorToken(), kyoto.staffToken(), kyoto.adminToken())) {
            for (String ref : List.of(id, number)) {
                for (String path : List.of("/api/v1/cases/" + ref, "/api/v1/cases/" + ref + "/suggestions")) {
                    var r = get(path, token);
                    assertEquals(404, r.status(), () -> path + " " + r);
                    assertTrue(r.isProblem(), r::toString);
                    assertFalse(r.body().contains(nagoya.canary), r::toString);
                }
                var take = call("POST", "/api/v1/cases/" + ref + "/take", token, null);
                assertEquals(404, take.status(), take::toString);
                var reply = call("POST", "/api/v1/cases/" + ref + "/replies", token, "{\"text\":\"probe\"}");
                assertEquals(404, reply.status(), reply::toString);
            }
        }
        var list = get("/api/v1/cases?limit=500", kyoto.staffToken());
        assertFalse(list.body().contains(nagoya.canary) || list.body().contains(id), "Kyoto's list has no Nagoya case");
        var citizen = get("/api/v1/my/inquiries/" + number, kyoto.citizenToken());
        assertEquals(404, citizen.status(), citizen::toString);

        // the staff pages: Kyoto's operator at Kyoto's pages with Nagoya's id and number
        WebSignInIT.Browser browser = new WebSignInIT.Browser();
        var login = browser.get(Platform.base() + "/c/" + kyoto.code + "/staff/cases");
        var queues = browser.signIn(login, kyoto.operator, Platform.TEST_PASSWORD);
        assertEquals(200, queues.statusCode(), queues::body);
        assertTrue(queues.body().contains("窓口一覧"), queues::body);
        for (String ref : List.of(id, number)) {
            var page = browser.get(Platform.base() + "/c/" + kyoto.code + "/staff/cases/" + ref);
            assertEquals(404, page.statusCode(), page::body);
            assertFalse(page.body().contains(nagoya.canary), page::body);
        }
        // and at Nagoya's pages the claim does not name Nagoya: refused or asked to sign in again
        var foreign = browser.get(Platform.base() + "/c/" + nagoya.code + "/staff/cases/" + number);
        assertFalse(foreign.body().contains(nagoya.canary), foreign::body);
        assertTrue(foreign.statusCode() == 403 || browser.url.startsWith(Platform.keycloak()),
                () -> foreign.statusCode() + " " + browser.url);
    }

    // ------------------------------------------------------------------ the citizen's own inquiries

    @Test
    void aCitizenSeesOnlyTheirOwnInquiries() throws Exception {
        cities();
        var r = inquire(nagoya.citizenToken(), "自分だけの問い合わせ", "他の市民には見えないはず " + nagoya.canary);
        assertEquals(201, r.status(), r::toString);
        String number = r.json().getString("receptionNumber");
        String id = r.json().getString("id");

        var other = get("/api/v1/my/inquiries", secondCitizenToken());
        assertEquals(200, other.status(), other::toString);
        assertFalse(other.body().contains(number) || other.body().contains(nagoya.canary), other::toString);
        for (String ref : List.of(number, id)) {
            var one = get("/api/v1/my/inquiries/" + ref, secondCitizenToken());
            assertEquals(404, one.status(), one::toString);
            var answer = call("POST", "/api/v1/my/inquiries/" + ref + "/messages", secondCitizenToken(), "{\"text\":\"割り込み\"}");
            assertEquals(404, answer.status(), answer::toString);
        }
        assertEquals(403, get("/api/v1/cases/" + number, nagoya.citizenToken()).status(), "citizens use /my/inquiries only");
        var staffOwn = get("/api/v1/my/inquiries", nagoya.staffToken());
        assertFalse(staffOwn.body().contains(number), "a staff member's own inquiries are theirs only: " + staffOwn);

        // pages: anonymous → sign-in; the other citizen → 404; the owner → the thread
        WebSignInIT.Browser anonymous = new WebSignInIT.Browser();
        anonymous.get(Platform.base() + "/c/" + nagoya.code + "/inquiries");
        assertTrue(anonymous.url.startsWith(Platform.keycloak()), "sent to sign in: " + anonymous.url);

        WebSignInIT.Browser stranger = new WebSignInIT.Browser();
        var list = stranger.signIn(stranger.get(Platform.base() + "/c/" + nagoya.code + "/inquiries"), secondCitizen,
                Platform.TEST_PASSWORD);
        assertEquals(200, list.statusCode(), list::body);
        assertFalse(list.body().contains(number), list::body);
        var foreign = stranger.get(Platform.base() + "/c/" + nagoya.code + "/inquiries/" + number);
        assertEquals(404, foreign.statusCode(), foreign::body);
        assertFalse(foreign.body().contains(nagoya.canary), foreign::body);

        WebSignInIT.Browser owner = new WebSignInIT.Browser();
        var mine = owner.signIn(owner.get(Platform.base() + "/c/" + nagoya.code + "/inquiries/" + number), nagoya.citizen,
                Platform.TEST_PASSWORD);
        assertEquals(200, mine.statusCode(), mine::body);
        assertTrue(mine.body().contains(nagoya.canary), mine::body);
    }

    // ------------------------------------------------------------------ the whole flow

    @Test
    void citizenAsksOperatorRepliesCitizenAnswersBack() throws Exception {
        cities();
        // the citizen writes through the page: a refused form keeps the text, escaped
        WebSignInIT.Browser citizen = new WebSignInIT.Browser();
        var form = citizen.signIn(citizen.get(Platform.base() + "/c/" + nagoya.code + "/inquiries/new"), nagoya.citizen,
                Platform.TEST_PASSWORD);
        assertEquals(200, form.statusCode(), form::body);
        assertTrue(form.body().contains("<label for=\"subject\"") && form.body().contains("<label for=\"message\"")
                && form.body().contains("<label for=\"category\""), form::body);
        String token = token(form.body());
        String typed = "<b>ごみの収集日</b>を教えてください " + nagoya.canary;
        var refused = citizen.post(Platform.base() + "/c/" + nagoya.code + "/inquiries/new",
                "category=waste&subject=&message=" + enc(typed) + "&_token=" + enc(token));
        assertEquals(400, refused.statusCode(), refused::body);
        assertTrue(refused.body().contains("件名を入力してください"), refused::body);
        assertTrue(refused.body().contains("role=\"alert\""), refused::body);
        assertTrue(refused.body().contains("&lt;b&gt;ごみの収集日&lt;/b&gt;"), "typed text kept, escaped");
        assertFalse(refused.body().contains("<b>ごみの収集日</b>"), "never raw");
        var sent = citizen.post(Platform.base() + "/c/" + nagoya.code + "/inquiries/new",
                "category=waste&subject=" + enc("収集日の確認") + "&message=" + enc(typed) + "&_token=" + enc(token));
        assertEquals(200, sent.statusCode(), sent::body);
        Matcher m = Pattern.compile("/inquiries/(20\\d\\d-\\d{6})").matcher(citizen.url);
        assertTrue(m.find(), citizen.url);
        String number = m.group(1);
        assertTrue(sent.body().contains("受付番号は " + number), sent::body);

        // routed by the city's rules: category waste → the waste queue
        var c = get("/api/v1/cases/" + number, nagoya.operatorToken()).json();
        assertEquals("waste", c.getString("queueCode"), c::toString);
        assertEquals("WEB_FORM", c.getString("channel"));
        var queue = get("/api/v1/cases?queue=waste&status=NEW", nagoya.operatorToken());
        assertTrue(queue.body().contains(number), queue::toString);
        String id = c.getString("id");

        // operator assist answers for the case (the city's knowledge; may be empty, never an error)
        var assist = get("/api/v1/cases/" + id + "/suggestions", nagoya.operatorToken());
        assertEquals(200, assist.status(), assist::toString);

        // the operator takes it, notes, and replies
        assertEquals(200, call("POST", "/api/v1/cases/" + id + "/take", nagoya.operatorToken(), null).status());
        var note = call("POST", "/api/v1/cases/" + id + "/notes", nagoya.operatorToken(), "{\"text\":\"内部メモ：地区を確認\"}");
        assertEquals(200, note.status(), note::toString);
        var reply = call("POST", "/api/v1/cases/" + id + "/replies", nagoya.operatorToken(),
                Json.createObjectBuilder().add("text", "お住まいの地区は何丁目ですか？").build().toString());
        assertEquals(200, reply.status(), reply::toString);
        assertEquals("WAITING_FOR_CITIZEN", reply.json().getString("status"));
        var empty = call("POST", "/api/v1/cases/" + id + "/replies", nagoya.operatorToken(), "{\"text\":\"  \"}");
        assertEquals(400, empty.status(), empty::toString);
        assertTrue(empty.isProblem());

        // the citizen sees the reply (not the internal note, not the operator's name) and answers back on the page
        var thread = citizen.get(Platform.base() + "/c/" + nagoya.code + "/inquiries/" + number);
        assertEquals(200, thread.statusCode(), thread::body);
        assertTrue(thread.body().contains("お住まいの地区は何丁目ですか？"), thread::body);
        assertFalse(thread.body().contains("内部メモ：地区を確認"), "internal notes stay internal");
        assertFalse(thread.body().contains(nagoya.operator), "no staff user names for the citizen");
        var back = citizen.post(Platform.base() + "/c/" + nagoya.code + "/inquiries/" + number,
                "message=" + enc("3丁目です。") + "&_token=" + enc(token(thread.body())));
        assertEquals(200, back.statusCode(), back::body);
        assertTrue(back.body().contains("3丁目です。"), back::body);

        var after = get("/api/v1/cases/" + id, nagoya.operatorToken()).json();
        assertEquals("ASSIGNED", after.getString("status"), "back with the operator who has it");
        assertTrue(after.getJsonArray("timeline").stream().anyMatch(e -> e.asJsonObject().getString("kind")
                .equals("CITIZEN_MESSAGE") && e.asJsonObject().getString("body").equals("3丁目です。")), after::toString);

        // escalate needs its note; resolve with an FAQ proposal; the citizen sees the answer; closed means closed
        var noNote = call("POST", "/api/v1/cases/" + id + "/escalation", nagoya.operatorToken(), "{\"queueCode\":\"waste\",\"note\":\"\"}");
        assertEquals(400, noNote.status(), noNote::toString);
        var escalated = call("POST", "/api/v1/cases/" + id + "/escalation", nagoya.operatorToken(),
                "{\"queueCode\":\"citizen-affairs\",\"note\":\"地区の収集日表の確認をお願いします\"}");
        assertEquals(200, escalated.status(), escalated::toString);
        assertEquals("ESCALATED", escalated.json().getString("status"));
        assertEquals(null, Platform.str(escalated.json(), "assignee"), "nobody in the department has it yet");
        var resolved = call("POST", "/api/v1/cases/" + id + "/resolution", nagoya.staffToken(), Json.createObjectBuilder()
                .add("answer", "3丁目の燃やすごみは月曜と木曜です。").add("faq", Json.createObjectBuilder().add("kind", "NEW_ENTRY")
                        .add("question", "地区ごとのごみ収集日は？").add("answer", "収集日表をご覧ください。")).build().toString());
        assertEquals(200, resolved.status(), resolved::toString);
        assertEquals("RESOLVED", resolved.json().getString("status"));
        var proposals = get("/api/v1/faq-proposals?status=PENDING", nagoya.staffToken());
        JsonObject proposal = proposals.array().stream().map(JsonValue::asJsonObject)
                .filter(p -> p.getString("question").equals("地区ごとのごみ収集日は？")).findFirst()
                .orElseThrow(() -> new AssertionError(proposals.toString()));
        assertEquals(403, call("POST", "/api/v1/faq-proposals/" + proposal.getString("id") + "/approve",
                nagoya.operatorToken(), "{}").status(), "operators propose, staff decide");
        var approved = call("POST", "/api/v1/faq-proposals/" + proposal.getString("id") + "/approve", nagoya.staffToken(), "{}");
        assertEquals(200, approved.status(), approved::toString);
        assertEquals("APPROVED", approved.json().getString("status"));
        assertEquals(409, call("POST", "/api/v1/faq-proposals/" + proposal.getString("id") + "/reject",
                nagoya.staffToken(), "{}").status(), "decided once");

        var seen = get("/api/v1/my/inquiries/" + number, nagoya.citizenToken()).json();
        assertEquals("RESOLVED", seen.getString("status"));
        assertTrue(seen.toString().contains("月曜と木曜"), seen::toString);
        assertFalse(seen.toString().contains("地区の収集日表の確認をお願いします"), "the hand-over note is internal");
        assertEquals(200, call("POST", "/api/v1/cases/" + id + "/close", nagoya.staffToken(), null).status());
        var late = call("POST", "/api/v1/my/inquiries/" + number + "/messages", nagoya.citizenToken(), "{\"text\":\"追加です\"}");
        assertEquals(409, late.status(), late::toString);

        // every view of the case is in the audit trail
        var audit = get("/api/v1/city/audit?entityType=inquiry_case&limit=500", nagoya.adminToken());
        assertEquals(200, audit.status(), audit::toString);
        assertTrue(audit.body().contains("personal-data.read") && audit.body().contains(id), "case views audited");
    }

    // ------------------------------------------------------------------ staff pages and response targets

    @Test
    void staffPagesTakeReplyAndShowTheDashboard() throws Exception {
        cities();
        var r = inquire(nagoya.citizenToken(), "ページからの対応", "窓口で受け取れますか " + nagoya.canary);
        String number = r.json().getString("receptionNumber");
        WebSignInIT.Browser op = new WebSignInIT.Browser();
        var view = op.signIn(op.get(Platform.base() + "/c/" + nagoya.code + "/staff/cases/" + number), nagoya.operator,
                Platform.TEST_PASSWORD);
        assertEquals(200, view.statusCode(), view::body);
        assertTrue(view.body().contains("経過") && view.body().contains("回答の候補") && view.body().contains("市民360"), view::body);
        String token = token(view.body());
        var taken = op.post(Platform.base() + "/c/" + nagoya.code + "/staff/cases/" + number + "/take", "_token=" + enc(token));
        assertEquals(200, taken.statusCode(), taken::body);
        assertTrue(taken.body().contains("この案件の担当になりました。"), taken::body);
        var empty = op.post(Platform.base() + "/c/" + nagoya.code + "/staff/cases/" + number + "/reply",
                "text=&_token=" + enc(token));
        assertEquals(400, empty.statusCode(), empty::body);
        assertTrue(empty.body().contains("role=\"alert\""), empty::body);
        var replied = op.post(Platform.base() + "/c/" + nagoya.code + "/staff/cases/" + number + "/reply",
                "text=" + enc("はい、市民課窓口でお受け取りいただけます。") + "&_token=" + enc(token));
        assertEquals(200, replied.statusCode(), replied::body);
        assertTrue(replied.body().contains("市民へ返信しました。"), replied::body);
        var forged = op.post(Platform.base() + "/c/" + nagoya.code + "/staff/cases/" + number + "/note",
                "text=" + enc("偽の送信") + "&_token=forged");
        assertEquals(403, forged.statusCode(), "a form without this session's token is refused (centrally)");

        var dashboard = op.get(Platform.base() + "/c/" + nagoya.code + "/staff/dashboard");
        assertEquals(200, dashboard.statusCode(), dashboard::body);
        assertTrue(dashboard.body().contains("初回応答までの時間") && dashboard.body().contains("<table"), dashboard::body);
        var queues = op.get(Platform.base() + "/c/" + nagoya.code + "/staff/cases");
        assertTrue(queues.body().contains("オペレーター窓口"), queues::body);
        var logForm = op.get(Platform.base() + "/c/" + nagoya.code + "/staff/cases/new");
        var logged = op.post(Platform.base() + "/c/" + nagoya.code + "/staff/cases/new", "channel=COUNTER&category=tax"
                + "&priority=NORMAL&subject=" + enc("納付書の再発行") + "&notes=" + enc("窓口で相談") + "&contactName=" + enc("窓口 花子")
                + "&_token=" + enc(token(logForm.body())));
        assertEquals(200, logged.statusCode(), logged::body);
        assertTrue(logged.body().contains("案件として記録しました。") && logged.body().contains("税務担当"), logged::body);

        // the citizen was told (the notification event fired; the notifications package may store it)
        var d = get("/api/v1/cases/" + number, nagoya.operatorToken()).json();
        assertTrue(Platform.str(d, "firstResponseAt") != null, d::toString);
    }

    @Test
    void anOpenCasePastItsTargetIsEscalatedOnRead() throws Exception {
        cities();
        var r = phoneCall(nagoya, "期限切れの案件");
        String id = r.json().getString("id");
        try (Connection conn = Platform.ownerConnection()) {
            conn.setAutoCommit(false);
            TenantIsolationIT.bind(conn, TenantIsolationIT.cityId(nagoya.code));
            try (PreparedStatement ps = conn.prepareStatement(
                    "UPDATE inquiry_case SET created_at = now() - interval '5 days', sla_due_at = now() - interval '1 hour' WHERE id = ?")) {
                ps.setObject(1, UUID.fromString(id));
                assertEquals(1, ps.executeUpdate());
            }
            conn.commit();
        }
        var queues = get("/api/v1/cases/queues", nagoya.operatorToken());
        assertEquals(200, queues.status(), queues::toString);
        var d = get("/api/v1/cases/" + id, nagoya.operatorToken()).json();
        assertEquals("URGENT", d.getString("priority"), d::toString);
        assertEquals("BREACHED", d.getString("sla"));
        assertEquals(1, d.getJsonArray("timeline").stream().filter(e -> e.asJsonObject().getString("kind").equals("SLA")).count());
        get("/api/v1/cases/dashboard", nagoya.operatorToken());
        var again = get("/api/v1/cases/" + id, nagoya.operatorToken()).json();
        assertEquals(1, again.getJsonArray("timeline").stream().filter(e -> e.asJsonObject().getString("kind").equals("SLA")).count(),
                "marked once");
        var dash = get("/api/v1/cases/dashboard", nagoya.operatorToken()).json();
        assertTrue(dash.getJsonNumber("breachedOpen").longValue() >= 1, dash::toString);
    }

    @Test
    void aCityAdministratorAddsAQueueAndARuleThatRoutesToIt() {
        cities();
        String queue = "{\"code\":\"parks\",\"name\":\"公園緑地課\",\"tier\":3,\"department\":\"公園緑地課\"}";
        assertEquals(403, call("POST", "/api/v1/cases/queues", kyoto.operatorToken(), queue).status());
        var bad = call("POST", "/api/v1/cases/queues", kyoto.adminToken(), "{\"code\":\"Bad Code\",\"name\":\"x\",\"tier\":4}");
        assertEquals(400, bad.status(), bad::toString);
        assertTrue(bad.isProblem(), bad::toString);
        var added = call("POST", "/api/v1/cases/queues", kyoto.adminToken(), queue);
        assertEquals(200, added.status(), added::toString);
        assertTrue(added.body().contains("\"parks\""), added::toString);

        var rules = get("/api/v1/cases/routing-rules", kyoto.adminToken());
        assertEquals(200, rules.status(), rules::toString);
        var all = Json.createArrayBuilder().add(Json.createObjectBuilder().add("position", 5)
                .add("keywords", Json.createArrayBuilder().add("公園")).add("queueCode", "parks"));
        rules.array().forEach(all::add);
        var unknownQueue = call("PUT", "/api/v1/cases/routing-rules", kyoto.adminToken(), Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("position", 1).add("queueCode", "nowhere")).build().toString());
        assertEquals(400, unknownQueue.status(), unknownQueue::toString);
        var saved = call("PUT", "/api/v1/cases/routing-rules", kyoto.adminToken(), all.build().toString());
        assertEquals(200, saved.status(), saved::toString);
        assertEquals(rules.array().size() + 1, saved.array().size());

        var r = inquire(kyoto.citizenToken(), "遊具の故障", "近くの公園のブランコが壊れています");
        assertEquals(201, r.status(), r::toString);
        var c = get("/api/v1/cases/" + r.json().getString("id"), kyoto.operatorToken()).json();
        assertEquals("parks", c.getString("queueCode"), c::toString);
        assertFalse(get("/api/v1/cases/queues", nagoya.adminToken()).body().contains("parks"), "Nagoya's queues are its own");
        var nagoyaCase = inquire(nagoya.citizenToken(), "遊具の故障", "近くの公園のブランコが壊れています");
        assertEquals("operator", get("/api/v1/cases/" + nagoyaCase.json().getString("id"), nagoya.operatorToken()).json()
                .getString("queueCode"), "Kyoto's rule does not route Nagoya's inquiries");
    }

    static String token(String html) {
        Matcher m = Pattern.compile("name=\"_token\" value=\"([^\"]+)\"").matcher(html);
        assertTrue(m.find(), "the form carries a token");
        return m.group(1);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
