package jp.kyodo.it;

import static jp.kyodo.it.Platform.call;
import static jp.kyodo.it.Platform.get;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jp.kyodo.it.Platform.Part;
import jp.kyodo.it.Platform.Reply;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Online applications (issue #16) through the API, in both demo cities: a citizen applies for 児童手当 with two children
 * pre-filled from the household (each value says where it came from), uploads a document, submits twice at once (one
 * application, one reception number), cannot edit it any more; an operator requests one more document, the citizen
 * adds it; the operator completes the intake step, staff approve the decision step with a two-person check (the same
 * person twice refused, an operator refused by role), and the citizen reads the result notice PDF (the city's name, the
 * number of children, the seal text) from the inbox's link. Then: a parent applies for a child only when the household
 * says they act for them; another city's and another citizen's application, files and notice are 404; the city's own
 * procedure is refused with the error's line, then created and published, and stays invisible to the other city; the
 * CSV export comes in UTF-8 with BOM and Shift_JIS; a step past its target is marked once by the response-target job.
 */
@ExtendWith(ArquillianExtension.class)
class ApplicationsIT {

    static final byte[] PDF = "%PDF-1.7\n% 通帳の写し\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".getBytes(StandardCharsets.UTF_8);
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

    /** Makes sure the citizen's household has exactly the two children this test expects (acted for). */
    static List<String> twoChildren(TestCity c) {
        var household = get("/api/v1/me/household", c.citizenToken());
        assertEquals(200, household.status(), household::toString);
        List<String> names = new ArrayList<>();
        for (JsonValue v : household.array()) {
            JsonObject m = v.asJsonObject();
            if ("CHILD".equalsIgnoreCase(m.getString("relationship")) && m.getBoolean("actsFor")) {
                names.add(m.getString("fullName"));
            }
        }
        if (names.size() < 2) {
            var second = call("POST", "/api/v1/me/household", c.citizenToken(), Json.createObjectBuilder()
                    .add("fullName", "試験 次郎").add("fullNameKana", "しけん じろう").add("relationship", "child")
                    .add("birthDate", "2021-08-15").build().toString());
            assertEquals(201, second.status(), second::toString);
            names.add(second.json().getString("fullName"));
        }
        return names;
    }

    static Map<String, String> fields(JsonObject application) {
        Map<String, String> out = new HashMap<>();
        for (JsonValue s : application.getJsonArray("form")) {
            for (JsonValue row : s.asJsonObject().getJsonArray("rows")) {
                for (JsonValue f : row.asJsonArray()) {
                    JsonObject o = f.asJsonObject();
                    out.put(o.getString("key"), Platform.str(o, "value"));
                    out.put(o.getString("key") + "#source", Platform.str(o, "source"));
                }
            }
        }
        return out;
    }

    static Reply submit(String token, String id, String key) {
        return call("POST", "/api/v1/my/applications/" + id + "/submit", token, null, "Idempotency-Key", key);
    }

    static String pdfText(byte[] pdf) throws Exception {
        try (var doc = Loader.loadPDF(pdf)) {
            // IPAex shares glyphs between some ideographs and Kangxi radicals: extraction may give the radical (NFKC folds it)
            return java.text.Normalizer.normalize(new PDFTextStripper().getText(doc), java.text.Normalizer.Form.NFKC)
                    .replace('\u2ED1', '長'); // ⻑ (CJK radicals supplement) has no NFKC mapping
        }
    }

    @Test
    void aFamilyAppliesForChildAllowanceAndReadsTheDecisionInBothCities() throws Exception {
        cities();
        for (TestCity c : List.of(ama, msn)) {
            journey(c);
        }
    }

    void journey(TestCity c) throws Exception {
        List<String> children = twoChildren(c);
        // start: pre-filled from the profile and the household, each value with its source
        var started = call("POST", "/api/v1/my/applications", c.citizenToken(), "{\"procedureId\":\"jido-teate-nintei\"}");
        assertEquals(201, started.status(), started::toString);
        String id = started.json().getString("id");
        assertEquals("DRAFT", started.json().getString("status"));
        assertEquals(null, Platform.str(started.json(), "receptionNumber"));
        Map<String, String> f = fields(started.json());
        assertEquals("試験 " + c.canary, f.get("applicant.fullName"));
        assertEquals("profile", f.get("applicant.fullName#source"));
        assertEquals("1985-04-01", f.get("applicant.birthDate"));
        assertEquals(Set.copyOf(children.subList(0, 2)), Set.of(f.get("children[0].fullName"), f.get("children[1].fullName")),
                () -> "two children from the household: " + f);
        assertEquals("household", f.get("children[1].fullName#source"));
        assertFalse(f.containsKey("children[2].fullName"), "only the children acted for");
        assertTrue(started.json().getJsonArray("missing").size() > 0, "the draft says what is missing");

        // an invalid answer is refused field by field; then the whole form is saved
        Map<String, String> answers = new HashMap<>();
        f.forEach((k, v) -> {
            if (!k.contains("#") && v != null) {
                answers.put(k, v);
            }
        });
        answers.putAll(Map.of("applicant.postalCode", "660-0051", "applicant.address", "兵庫県尼崎市東七松町1-23-1",
                "applicant.phone", "06-6375-0000", "applicant.insurance", "kosei", "bank.bankName", "試験銀行",
                "bank.branch", "本店", "bank.accountType", "futsu", "bank.accountNumber", "12345x"));
        answers.put("children[0].livingTogether", "yes");
        answers.put("children[1].livingTogether", "yes");
        var bad = call("PUT", "/api/v1/my/applications/" + id + "/answers", c.citizenToken(), json(answers));
        assertEquals(400, bad.status(), bad::toString);
        assertTrue(bad.isProblem(), bad::toString);
        assertEquals(List.of("bank.accountNumber"), bad.json().getJsonArray("errors").stream()
                .map(e -> e.asJsonObject().getString("field")).toList(), bad::toString);
        answers.put("bank.accountNumber", "1234567");
        var saved = call("PUT", "/api/v1/my/applications/" + id + "/answers", c.citizenToken(), json(answers));
        assertEquals(200, saved.status(), saved::toString);
        assertEquals("profile", fields(saved.json()).get("applicant.fullName#source"), "unchanged values keep their source");
        // the conditional field (employer, shown for employees' insurance) is required now
        var notYet = submit(c.citizenToken(), id, "k-" + id);
        assertEquals(400, notYet.status(), notYet::toString);
        List<String> missing = notYet.json().getJsonArray("errors").stream().map(e -> e.asJsonObject().getString("field")).toList();
        assertTrue(missing.contains("applicant.employer") && missing.contains("attachments.account-proof"), notYet::toString);
        answers.put("applicant.employer", "試験株式会社");
        assertEquals(200, call("PUT", "/api/v1/my/applications/" + id + "/answers", c.citizenToken(), json(answers)).status());

        // a document, checked by its bytes: an executable named .pdf is refused, the PDF is kept
        var exe = Platform.multipart("/api/v1/my/applications/" + id + "/files", c.citizenToken(),
                Part.field("requirement", "account-proof"), Part.file("通帳.pdf", "application/pdf", AttachmentsIT.EXE));
        assertEquals(415, exe.status(), exe::toString);
        var doc = Platform.multipart("/api/v1/my/applications/" + id + "/files", c.citizenToken(),
                Part.field("requirement", "account-proof"), Part.file("通帳.pdf", "application/pdf", PDF));
        assertEquals(200, doc.status(), doc::toString);
        assertEquals(0, doc.json().getJsonArray("missing").size(), doc::toString);

        // submit twice at once (a double click): one application, one reception number, the same receipt
        String key = UUID.randomUUID().toString();
        ExecutorService two = Executors.newFixedThreadPool(2);
        List<Future<Reply>> both = two.invokeAll(List.<Callable<Reply>>of(() -> submit(c.citizenToken(), id, key),
                () -> submit(c.citizenToken(), id, key)));
        two.shutdown();
        Reply r1 = both.get(0).get();
        Reply r2 = both.get(1).get();
        assertEquals(Set.of(200, 201), Set.of(r1.status(), r2.status()), () -> r1 + " / " + r2);
        String number = r1.json().getString("receptionNumber");
        assertEquals(number, r2.json().getString("receptionNumber"));
        assertTrue(r1.json().getString("nextJa").contains("確認"), r1::toString);
        assertEquals(1, AttachmentsIT.count(c, "SELECT count(*) FROM application WHERE reception_number = ?", number));
        assertEquals(1, AttachmentsIT.count(c, "SELECT count(*) FROM application_event WHERE application_id = ?::uuid "
                + "AND kind = 'SUBMITTED'", id));
        // one event for the other modules, in the platform outbox, in the submission's transaction
        assertEquals(1, AttachmentsIT.count(c, "SELECT count(*) FROM outbox_message WHERE topic = 'applications.submitted' "
                + "AND message_key = ?", id));
        // a retry with another key is refused with the reason; so is an edit
        var otherKey = submit(c.citizenToken(), id, "another-key");
        assertEquals(409, otherKey.status(), otherKey::toString);
        var edit = call("PUT", "/api/v1/my/applications/" + id + "/answers", c.citizenToken(), json(answers));
        assertEquals(409, edit.status(), edit::toString);
        assertEquals("https://kyodo.jp/problems/application-submitted", edit.json().getString("type"));
        assertTrue(edit.json().getString("detail").contains(number), edit::toString);

        // the operator finds it in the queue and asks for one more document
        var queues = get("/api/v1/applications/queues", c.operatorToken());
        assertEquals(200, queues.status(), queues::toString);
        assertTrue(queues.array().stream().anyMatch(q -> q.asJsonObject().getString("procedureId").equals("jido-teate-nintei")
                && q.asJsonObject().getString("stepName").equals("受付確認")), queues::toString);
        var review = get("/api/v1/applications/" + number, c.operatorToken());
        assertEquals(200, review.status(), review::toString);
        assertEquals("受付確認", review.json().getJsonObject("step").getString("name"));
        assertEquals(c.citizen, review.json().getString("applicant"));
        assertTrue(review.json().containsKey("citizen") && review.json().get("citizen") instanceof JsonObject,
                "the citizen 360 is there");
        var taken = call("POST", "/api/v1/applications/" + id + "/take", c.operatorToken(), null);
        assertEquals(200, taken.status(), taken::toString);
        assertEquals("審査中", taken.json().getString("statusJa"));
        var ask = call("POST", "/api/v1/applications/" + id + "/request-info", c.operatorToken(), Json.createObjectBuilder()
                .add("message", "健康保険の資格が確認できる書類をお送りください。").add("documents", Json.createArrayBuilder()
                        .add("資格確認書の写し")).build().toString());
        assertEquals(200, ask.status(), ask::toString);
        assertEquals("INFO_REQUESTED", ask.json().getString("status"));
        var waiting = call("POST", "/api/v1/applications/" + id + "/approve", c.operatorToken(), "{}");
        assertEquals(409, waiting.status(), waiting::toString);

        // the citizen sees the request on the timeline and answers with the document
        var mine = get("/api/v1/my/applications/" + id, c.citizenToken());
        assertEquals("追加書類のお願い", mine.json().getString("statusJa"));
        assertTrue(mine.json().getJsonArray("timeline").stream().anyMatch(e -> e.asJsonObject().getString("body")
                .contains("健康保険")), mine::toString);
        var answered = Platform.multipart("/api/v1/my/applications/" + id + "/answer", c.citizenToken(),
                Part.field("text", "資格確認書の写しを送ります。"), Part.field("requirement", "other"),
                Part.file("資格確認書.pdf", "application/pdf", PDF));
        assertEquals(200, answered.status(), answered::toString);
        assertEquals("IN_REVIEW", answered.json().getString("status"));
        assertEquals(2, answered.json().getJsonArray("files").size(), answered::toString);

        // intake by the operator (its checklist must be confirmed), then the decision step: staff or above, two people
        JsonObject checklist1 = Json.createObjectBuilder().add("checked", Json.createArrayBuilder()
                .add("請求者と口座名義が同じ").add("添付書類がそろっている")).build();
        var unchecked = call("POST", "/api/v1/applications/" + id + "/approve", c.operatorToken(), "{\"checked\":[]}");
        assertEquals(400, unchecked.status(), unchecked::toString);
        var intake = call("POST", "/api/v1/applications/" + id + "/approve", c.operatorToken(), checklist1.toString());
        assertEquals(200, intake.status(), intake::toString);
        assertEquals("審査・決裁", intake.json().getJsonObject("step").getString("name"));
        String decision = Json.createObjectBuilder().add("reason", "2人の子どもの養育を確認しました（所得制限なし）。")
                .add("checked", Json.createArrayBuilder().add("養育の事実を確認した").add("所得の状況を確認した")
                        .add("支給開始月を確認した")).build().toString();
        var byOperator = call("POST", "/api/v1/applications/" + id + "/approve", c.operatorToken(), decision);
        assertEquals(403, byOperator.status(), byOperator::toString);
        var first = call("POST", "/api/v1/applications/" + id + "/approve", c.staffToken(), decision);
        assertEquals(200, first.status(), first::toString);
        assertEquals("IN_REVIEW", first.json().getString("status"));
        assertEquals(c.staff, first.json().getJsonObject("step").getString("firstCheckBy"));
        var samePerson = call("POST", "/api/v1/applications/" + id + "/approve", c.staffToken(), decision);
        assertEquals(409, samePerson.status(), samePerson::toString);
        assertEquals("https://kyodo.jp/problems/same-person", samePerson.json().getString("type"));
        var second = call("POST", "/api/v1/applications/" + id + "/approve", c.adminToken(), decision);
        assertEquals(200, second.status(), second::toString);
        assertEquals("APPROVED", second.json().getString("status"));
        assertEquals(1, AttachmentsIT.count(c, "SELECT count(*) FROM outbox_message WHERE topic = 'applications.decided' "
                + "AND message_key = ? AND payload->>'status' = 'APPROVED'", id));

        // the citizen: a message in the inbox with the link, the timeline, the result notice PDF
        var inbox = get("/api/v1/me/inbox", c.citizenToken());
        JsonObject message = inbox.array().stream().map(JsonValue::asJsonObject)
                .filter(m -> m.getString("subject").contains("認定通知書") && m.getString("subject").contains(number))
                .findFirst().orElseThrow(() -> new AssertionError("no decision in the inbox: " + inbox));
        assertEquals("/c/" + c.code + "/me/applications/" + id, message.getString("link"));
        var decided = get("/api/v1/my/applications/" + id, c.citizenToken());
        List<String> kinds = decided.json().getJsonArray("timeline").stream().map(e -> e.asJsonObject().getString("labelJa"))
                .toList();
        assertEquals(List.of("受付", "審査中", "追加書類のお願い", "追加書類の提出", "決定"), kinds, decided::toString);
        String noticeId = decided.json().getString("noticeId");
        HttpResponse<byte[]> pdf = Platform.download("/api/v1/my/applications/" + id + "/notice", c.citizenToken());
        assertEquals(200, pdf.statusCode());
        assertEquals("application/pdf", pdf.headers().firstValue("Content-Type").orElse(""));
        String text = pdfText(pdf.body());
        String cityName = get("/api/v1/city", c.adminToken()).json().getString("name");
        assertTrue(text.contains("児童手当 認定通知書"), text);
        assertTrue(text.contains(cityName + "長"), () -> "seal text of " + cityName + ": " + text);
        assertTrue(text.contains("対象となる子ども: 2人"), text);
        assertTrue(text.contains("所得制限なし"), "the reason is in the notice: " + text);
        assertTrue(text.contains(number), text);
        assertArrayEquals(pdf.body(), Platform.download("/api/v1/my/applications/files/" + noticeId, c.citizenToken()).body());

        // CSV for the core system: UTF-8 with BOM and Shift_JIS
        HttpResponse<byte[]> utf8 = Platform.download("/api/v1/applications/export?procedure=jido-teate-nintei", c.staffToken());
        assertEquals(200, utf8.statusCode());
        assertArrayEquals(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, java.util.Arrays.copyOf(utf8.body(), 3));
        String csv = new String(utf8.body(), StandardCharsets.UTF_8);
        assertTrue(csv.contains(number) && csv.contains("試験銀行"), csv);
        HttpResponse<byte[]> sjis = Platform.download("/api/v1/applications/export?procedure=jido-teate-nintei&encoding=shift_jis",
                c.staffToken());
        assertEquals(200, sjis.statusCode());
        assertTrue(new String(sjis.body(), Charset.forName("windows-31j")).contains("試験銀行"));
        assertFalse(new String(sjis.body(), StandardCharsets.UTF_8).contains("試験銀行"), "really Shift_JIS");
        c.applicationIds.add(id);
    }

    @Test
    void anotherCityOrCitizenSeesNothingAndAParentActsOnlyForWhomTheHouseholdSays() throws Exception {
        cities();
        String id = ama.applicationIds.get(0);
        String fileId = ama.applicationFileIds.get(0);
        // another city's staff and citizen: 404 for the application, its files, its notice, its actions
        for (String token : List.of(msn.staffToken(), msn.adminToken())) {
            for (String path : List.of("/api/v1/applications/" + id, "/api/v1/applications/files/" + fileId)) {
                var r = get(path, token);
                assertEquals(404, r.status(), () -> path + " " + r);
                assertFalse(r.body().contains(ama.canary), r::toString);
            }
            assertEquals(404, call("POST", "/api/v1/applications/" + id + "/approve", token, "{}").status());
            assertEquals(404, call("POST", "/api/v1/applications/" + id + "/reject", token, "{\"reason\":\"x\"}").status());
        }
        for (String path : List.of("/api/v1/my/applications/" + id, "/api/v1/my/applications/files/" + fileId,
                "/api/v1/my/applications/" + id + "/notice")) {
            assertEquals(404, get(path, msn.citizenToken()).status(), path);
        }
        assertEquals(404, call("POST", "/api/v1/my/applications/" + id + "/withdraw", msn.citizenToken(), "{}").status());
        // another citizen of the same city
        String other = "it-citizen2-" + ama.code;
        var member = call("POST", "/api/v1/members", ama.adminToken(), Json.createObjectBuilder().add("username", other)
                .add("familyName", "試験").add("givenName", "二郎").add("email", other + "@example.jp").add("role", "citizen")
                .add("password", Platform.TEST_PASSWORD).add("temporaryPassword", false).build().toString());
        assertTrue(member.status() == 201 || member.status() == 409, member::toString);
        String otherToken = Platform.token(other, Platform.TEST_PASSWORD, ama.scope());
        for (String path : List.of("/api/v1/my/applications/" + id, "/api/v1/my/applications/files/" + fileId)) {
            var r = get(path, otherToken);
            assertEquals(404, r.status(), () -> path + " " + r);
        }
        assertEquals(404, call("PUT", "/api/v1/my/applications/" + id + "/answers", otherToken, "{}").status());
        assertEquals(404, submit(otherToken, id, "x").status());
        assertTrue(get("/api/v1/my/applications", otherToken).array().isEmpty());
        // a citizen cannot use the staff side
        assertEquals(403, get("/api/v1/applications/" + id, ama.citizenToken()).status());

        // acts_for: こども医療費 for a child the household says the parent acts for → a draft about that child;
        // for a member the parent does not act for → refused with the reason
        var household = get("/api/v1/me/household", ama.citizenToken()).array();
        String child = household.stream().map(JsonValue::asJsonObject).filter(m -> m.getBoolean("actsFor"))
                .map(m -> m.getString("id")).findFirst().orElseThrow();
        var forChild = call("POST", "/api/v1/my/applications", ama.citizenToken(), Json.createObjectBuilder()
                .add("procedureId", "kodomo-iryohi-jukyusha").add("memberId", child).build().toString());
        assertEquals(201, forChild.status(), forChild::toString);
        assertNotNull(Platform.str(forChild.json(), "subjectName"), forChild::toString);
        assertEquals("household", fields(forChild.json()).get("child.fullName#source"));
        var adult = call("POST", "/api/v1/me/household", ama.citizenToken(), Json.createObjectBuilder()
                .add("fullName", "試験 花子").add("fullNameKana", "しけん はなこ").add("relationship", "spouse")
                .add("birthDate", "1986-02-02").build().toString());
        assertEquals(201, adult.status(), adult::toString);
        assertFalse(adult.json().getBoolean("actsFor"));
        var forSpouse = call("POST", "/api/v1/my/applications", ama.citizenToken(), Json.createObjectBuilder()
                .add("procedureId", "kodomo-iryohi-jukyusha").add("memberId", adult.json().getString("id")).build().toString());
        assertEquals(403, forSpouse.status(), forSpouse::toString);
        assertEquals("https://kyodo.jp/problems/not-acting-for", forSpouse.json().getString("type"));
        // another city's household member is no member of mine
        var foreignMember = call("POST", "/api/v1/my/applications", msn.citizenToken(), Json.createObjectBuilder()
                .add("procedureId", "kodomo-iryohi-jukyusha").add("memberId", child).build().toString());
        assertEquals(400, foreignMember.status(), foreignMember::toString);
        assertEquals(204, call("DELETE", "/api/v1/me/household/" + adult.json().getString("id"), ama.citizenToken(), null)
                .status());

        // withdraw: an open application can be withdrawn, then not again
        var filed = Platform.multipart("/api/v1/my/applications/submissions", ama.citizenToken(),
                Part.field("procedureId", "sodai-gomi"), Part.field("answers", "{\"contact.address\":\"試験町1\","
                        + "\"contact.phone\":\"06-1234-5678\",\"items[0].item\":\"自転車\",\"items[0].quantity\":\"1\"}"));
        assertEquals(201, filed.status(), filed::toString);
        String wid = filed.json().getString("id");
        var withdrawn = call("POST", "/api/v1/my/applications/" + wid + "/withdraw", ama.citizenToken(), "{\"text\":\"不要になりました\"}");
        assertEquals(200, withdrawn.status(), withdrawn::toString);
        assertEquals("取下げ", withdrawn.json().getString("statusJa"));
        assertEquals(409, call("POST", "/api/v1/my/applications/" + wid + "/withdraw", ama.citizenToken(), "{}").status());
        assertEquals(1, AttachmentsIT.count(ama, "SELECT count(*) FROM outbox_message WHERE topic = 'applications.withdrawn' "
                + "AND message_key = ?", wid));
    }

    @Test
    void theOneRequestSubmissionIsIdempotentByKey() throws Exception {
        cities();
        String key = UUID.randomUUID().toString();
        List<Reply> replies = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            replies.add(submitWhole(ama.citizenToken(), key));
        }
        assertEquals(201, replies.get(0).status(), replies.get(0)::toString);
        assertEquals(200, replies.get(1).status(), replies.get(1)::toString);
        assertTrue(replies.get(1).json().getBoolean("replay"));
        assertEquals(replies.get(0).json().getString("receptionNumber"), replies.get(1).json().getString("receptionNumber"));
        assertEquals(1, AttachmentsIT.count(ama, "SELECT count(*) FROM application WHERE idempotency_key = ?", key));
        // a refused file leaves no application behind
        long before = AttachmentsIT.count(ama, "SELECT count(*) FROM application");
        long outboxBefore = AttachmentsIT.count(ama, "SELECT count(*) FROM outbox_message");
        var exe = Platform.multipart("/api/v1/my/applications/submissions", ama.citizenToken(),
                Part.field("procedureId", "sodai-gomi"), Part.field("answers", "{\"contact.address\":\"試験町1\","
                        + "\"contact.phone\":\"06-1234-5678\",\"items[0].item\":\"自転車\",\"items[0].quantity\":\"1\"}"),
                new Part("photo", "photo.png", "image/png", AttachmentsIT.EXE));
        assertEquals(415, exe.status(), exe::toString);
        assertEquals(before, AttachmentsIT.count(ama, "SELECT count(*) FROM application"), "whole or absent");
        assertEquals(outboxBefore, AttachmentsIT.count(ama, "SELECT count(*) FROM outbox_message"), "no event either");
    }

    /**
     * Session 14: the one-request submission takes its number and inserts the application in one statement with
     * {@code ON CONFLICT} on the idempotency key instead of an advisory lock. Four requests with the same key at the same
     * time make one application (one 201, the others 200 with the same receipt); the three that lost roll back their
     * counter increment, so the city's next number follows without a gap. And the role, now read inside the
     * submission's own transaction: an account that is not a citizen of the city (staff) is refused with 403
     * {@code role-required} and nothing is written.
     */
    @Test
    void aDoubleClickAtTheSameTimeIsOneApplicationWithoutAGapAndOnlyACitizenSubmits() throws Exception {
        cities();
        String key = UUID.randomUUID().toString();
        String token = ama.citizenToken();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Reply> replies = new ArrayList<>();
        try {
            List<Future<Reply>> futures = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                futures.add(pool.submit(() -> submitWhole(token, key)));
            }
            for (Future<Reply> f : futures) {
                replies.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        long created = replies.stream().filter(r -> r.status() == 201).count();
        assertEquals(1, created, replies::toString);
        String number = null;
        for (Reply r : replies) {
            assertTrue(r.status() == 201 || r.status() == 200 && r.json().getBoolean("replay"), r::toString);
            number = number == null ? r.json().getString("receptionNumber") : number;
            assertEquals(number, r.json().getString("receptionNumber"), "every reply names the one application");
        }
        assertEquals(1, AttachmentsIT.count(ama, "SELECT count(*) FROM application WHERE idempotency_key = ?", key));
        assertEquals(1, AttachmentsIT.count(ama, "SELECT count(*) FROM application_file f JOIN application a ON "
                + "a.tenant_id = f.tenant_id AND a.id = f.application_id WHERE a.idempotency_key = ?", key), "its one photo");
        assertEquals(1, AttachmentsIT.count(ama, "SELECT count(*) FROM application_event e JOIN application a ON "
                + "a.tenant_id = e.tenant_id AND a.id = e.application_id WHERE a.idempotency_key = ? AND e.kind = 'SUBMITTED' "
                + "AND e.detail ->> 'receptionNumber' = a.reception_number", key), "its timeline entry with its number");
        String id = replies.stream().filter(r -> r.status() == 201).findFirst().orElseThrow().json().getString("id");
        assertEquals(1, AttachmentsIT.count(ama, "SELECT count(*) FROM outbox_message WHERE topic = 'applications.submitted' "
                + "AND message_key = ?", id), "one event");
        var next = submitWhole(token, UUID.randomUUID().toString());
        assertEquals(201, next.status(), next::toString);
        long n = Long.parseLong(number.substring(5));
        assertEquals(String.format("%s-%06d", number.substring(0, 4), n + 1), next.json().getString("receptionNumber"),
                "the losers' increments were rolled back: no gap after " + number);

        long before = AttachmentsIT.count(ama, "SELECT count(*) FROM application");
        var staff = submitWhole(ama.staffToken(), UUID.randomUUID().toString());
        assertEquals(403, staff.status(), staff::toString);
        assertTrue(staff.body().contains("role-required"), staff::toString);
        assertEquals(before, AttachmentsIT.count(ama, "SELECT count(*) FROM application"), "nothing written for staff");
    }

    static Reply submitWhole(String token, String key) throws Exception {
        String boundary = "kyodo-it-" + Long.toHexString(System.nanoTime());
        byte[] body = Platform.multipartBody(boundary, Part.field("procedureId", "sodai-gomi"),
                Part.field("answers", "{\"contact.address\":\"試験町1\",\"contact.phone\":\"06-1234-5678\","
                        + "\"items[0].item\":\"たんす\",\"items[0].quantity\":\"2\"}"),
                new Part("photo", "photo.png", "image/png", AttachmentsIT.PNG));
        HttpRequest req = HttpRequest.newBuilder(URI.create(Platform.base() + "/api/v1/my/applications/submissions"))
                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token)
                .header("Idempotency-Key", key).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<String> r = Platform.HTTP.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(null), r.body());
    }

    @Test
    void theCitysOwnProcedureIsCheckedWithPositionsPublishedAndStaysInTheCity() {
        cities();
        String yaml = """
                id: %s-shinsei-test
                name: 試験の独自手続き
                sections:
                  - id: main
                    title: 内容
                    fields:
                      - {id: name, type: txt, label: 氏名, required: true, prefill: profile.fullName}
                workflow:
                  steps:
                    - {id: check, name: 確認, role: staff}
                notice:
                  title: 試験の通知
                  approved: "{{applicant}} 様 承認"
                  rejected: "{{applicant}} 様 却下 {{reason}}"
                """.formatted(ama.code);
        var refused = call("POST", "/api/v1/procedures", ama.adminToken(), Json.createObjectBuilder().add("yaml", yaml).build()
                .toString());
        assertEquals(400, refused.status(), refused::toString);
        JsonObject error = refused.json().getJsonArray("errors").getJsonObject(0);
        assertEquals(7, error.getInt("line"), refused::toString);
        assertEquals("/sections/0/fields/0/type", error.getString("path"));
        var created = call("POST", "/api/v1/procedures", ama.adminToken(), Json.createObjectBuilder()
                .add("yaml", yaml.replace("type: txt", "type: text")).add("comment", "試験").build().toString());
        assertEquals(201, created.status(), created::toString);
        assertEquals("DRAFT", created.json().getJsonObject("summary").getString("status"));
        String pid = ama.code + "-shinsei-test";
        assertEquals(404, get("/api/v1/procedures/" + pid, ama.citizenToken()).status(), "a draft is not for citizens");
        assertEquals(403, call("POST", "/api/v1/procedures/" + pid + "/publish", ama.staffToken(), null).status());
        var published = call("POST", "/api/v1/procedures/" + pid + "/publish", ama.adminToken(), null);
        assertEquals(200, published.status(), published::toString);
        assertTrue(get("/api/v1/procedures", ama.citizenToken()).array().stream()
                .anyMatch(p -> p.asJsonObject().getString("procedureId").equals(pid)));
        assertEquals(6, get("/api/v1/procedures", msn.citizenToken()).array().size(), "the other city has its six templates");
        assertEquals(404, get("/api/v1/procedures/" + pid, msn.adminToken()).status());
        // hide: no new applications, the list no longer shows it
        assertEquals(200, call("POST", "/api/v1/procedures/" + pid + "/hide", ama.adminToken(), null).status());
        assertEquals(404, call("POST", "/api/v1/my/applications", ama.citizenToken(),
                "{\"procedureId\":\"" + pid + "\"}").status());
    }

    @Test
    void aStepPastItsTargetIsMarkedOnceByTheResponseTargetJob() throws Exception {
        cities();
        var filed = submitWhole(msn.citizenToken(), UUID.randomUUID().toString());
        assertEquals(201, filed.status(), filed::toString);
        String id = filed.json().getString("id");
        try (Connection conn = Platform.appConnection()) {
            conn.setAutoCommit(false);
            TenantIsolationIT.bind(conn, TenantIsolationIT.cityId(msn.code));
            try (PreparedStatement ps = conn.prepareStatement("UPDATE application SET step_due_at = now() - interval '1 hour' "
                    + "WHERE id = ?::uuid")) {
                ps.setString(1, id);
                assertEquals(1, ps.executeUpdate());
            }
            conn.commit();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long overdue = 0;
        while (System.nanoTime() < deadline) {
            overdue = AttachmentsIT.count(msn, "SELECT count(*) FROM application_event WHERE application_id = ?::uuid "
                    + "AND kind = 'OVERDUE'", id);
            if (overdue > 0) {
                break;
            }
            Thread.sleep(500);
        }
        assertEquals(1, overdue, "marked by the job");
        var staffView = get("/api/v1/applications/" + id, msn.operatorToken());
        assertTrue(staffView.json().getJsonObject("step").getBoolean("overdue"), staffView::toString);
        assertTrue(get("/api/v1/applications/queues", msn.operatorToken()).array().stream()
                .anyMatch(q -> q.asJsonObject().getInt("overdue") > 0));
        // the citizen's timeline does not show the staff's internal entries
        assertFalse(get("/api/v1/my/applications/" + id, msn.citizenToken()).body().contains("OVERDUE"));
    }

    static String json(Map<String, String> m) {
        var b = Json.createObjectBuilder();
        m.forEach(b::add);
        return b.build().toString();
    }
}
