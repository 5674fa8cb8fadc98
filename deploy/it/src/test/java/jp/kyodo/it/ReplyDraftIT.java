package jp.kyodo.it;

import static jp.kyodo.it.Platform.call;
import static jp.kyodo.it.Platform.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/**
 * The city's LLM on deployed Liberty, against a local OpenAI-protocol server configured as 尼崎市's model through the
 * admin API: operator reply drafts (from the model with citations of 尼崎市's entries only, the prompt without
 * 武蔵野市's canary FAQ or internal notes; slow, failing and uncited answers fall back to the FAQ draft with 200) and
 * the concierge's LLM path end to end (model answer with a citation; a failing model gives the retrieval answer).
 * The API key never appears in a response.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplyDraftIT {

    private static TestCity ama;
    private static TestCity msn;
    private static FakeChatServer model;
    private static String secret;
    private static String caseId;
    private static String caseNumber;
    private static final String NONCE = Long.toString(System.nanoTime(), 36);
    private static final List<String> responses = new ArrayList<>();

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Platform.application();
    }

    static synchronized void setUp() throws Exception {
        if (ama != null) {
            return;
        }
        TestCity[] pair = TestCity.demoPair();
        ama = pair[0];
        msn = pair[1];
        model = new FakeChatServer();
        model.slowMillis = 8000;
        secret = "sk-it-" + NONCE + "-SECRET";
        // a canary FAQ in the other city, on the very topic of the case
        var canary = call("POST", "/api/v1/knowledge/faqs", msn.staffToken(), Json.createObjectBuilder()
                .add("id", "it-canary-" + NONCE).add("question", "住民票の写しはどこで取れますか " + msn.canary)
                .add("answer", "住民票の写しの手数料 " + msn.canary).add("category", "テスト").add("department", "市民課")
                .add("publish", true).build().toString());
        assertEquals(201, canary.status(), canary::toString);
        // 尼崎市's model: the fake server, a short timeout
        var put = call("PUT", "/api/v1/knowledge/llm", ama.adminToken(), Json.createObjectBuilder()
                .add("provider", "openai-compatible").add("baseUrl", model.baseUrl()).add("model", "it-draft-model")
                .add("apiKey", secret).add("timeoutMs", 4000).build().toString());
        assertEquals(200, put.status(), put::toString);
        remember(put);
        // a citizen's inquiry, the city's first reply, the citizen's follow-up, and an internal note
        var inquiry = call("POST", "/api/v1/my/inquiries", ama.citizenToken(), Json.createObjectBuilder()
                .add("category", "procedures").add("subject", "住民票の写しについて")
                .add("message", "住民票の写しはどこで取れますか。FIRST-" + NONCE).build().toString());
        assertEquals(201, inquiry.status(), inquiry::toString);
        caseId = inquiry.json().getString("id");
        caseNumber = inquiry.json().getString("receptionNumber");
        assertEquals(200, call("POST", "/api/v1/cases/" + caseId + "/replies", ama.operatorToken(),
                "{\"text\":\"お問い合わせありがとうございます。REPLY-" + NONCE + "\"}").status());
        assertEquals(200, call("POST", "/api/v1/my/inquiries/" + caseNumber + "/messages", ama.citizenToken(),
                "{\"text\":\"手数料もいくらか教えてください。LATEST-" + NONCE + "\"}").status());
        assertEquals(200, call("POST", "/api/v1/cases/" + caseId + "/notes", ama.operatorToken(),
                "{\"text\":\"内部メモ INTERNAL-" + NONCE + "\"}").status());
    }

    @AfterAll
    static void cleanUp() {
        try {
            if (ama != null) {
                call("PUT", "/api/v1/knowledge/llm", ama.adminToken(), "{\"provider\":\"none\",\"clearApiKey\":true}");
            }
            for (String r : responses) {
                assertFalse(r.contains(secret), () -> "the API key appeared in a response: " + r);
            }
        } finally {
            if (model != null) {
                model.close();
            }
            TestCity.closeAll(ama, msn);
        }
    }

    private static Platform.Reply remember(Platform.Reply r) {
        responses.add(r.body());
        return r;
    }

    private static Platform.Reply draft(String token) {
        return remember(call("POST", "/api/v1/cases/" + caseId + "/reply-draft", token, null));
    }

    private static long tokensIn() {
        var usage = get("/api/v1/concierge/usage", ama.adminToken());
        assertEquals(200, usage.status(), usage::toString);
        return usage.array().isEmpty() ? 0 : usage.array().getJsonObject(0).getJsonNumber("tokensIn").longValue();
    }

    @Test
    @Order(1)
    void theDraftComesFromTheCitysModelWithCitationsOfItsOwnEntriesOnly() throws Exception {
        setUp();
        long before = tokensIn();
        model.mode = FakeChatServer.Mode.OK;
        model.content = "住民票の写しは各地域課の窓口で取れます。手数料は1通300円です [1]。（IT-DRAFT-" + NONCE + "）";
        int requests = model.received.size();
        var r = draft(ama.operatorToken());
        assertEquals(200, r.status(), r::toString);
        JsonObject d = r.json();
        assertEquals("llm", d.getString("source"), r::toString);
        assertEquals("it-draft-model", d.getString("model"), r::toString);
        assertTrue(d.getString("text").contains("IT-DRAFT-" + NONCE), r::toString);
        assertFalse(d.getJsonArray("citations").isEmpty(), r::toString);
        for (JsonValue v : d.getJsonArray("citations")) {
            assertTrue(v.asJsonObject().getString("id").startsWith("ama-"), () -> "only 尼崎市's entries: " + r);
        }
        assertFalse(r.body().contains(msn.canary), r::toString);
        assertEquals(requests + 1, model.received.size(), "one call to the model");

        FakeChatServer.Received sent = model.last();
        assertEquals("Bearer " + secret, sent.authorization(), "the model got the city's decrypted key");
        String prompt = sent.text();
        assertFalse(prompt.contains(msn.canary), () -> "武蔵野市's canary must not reach 尼崎市's model: " + prompt);
        assertFalse(prompt.contains("INTERNAL-" + NONCE), () -> "internal notes are not sent: " + prompt);
        assertTrue(prompt.contains("[1] "), prompt);
        int first = prompt.indexOf("FIRST-" + NONCE);
        int reply = prompt.indexOf("REPLY-" + NONCE);
        int latest = prompt.indexOf("LATEST-" + NONCE);
        assertTrue(first >= 0 && first < reply && reply < latest, () -> "the thread, latest last: " + prompt);
        assertTrue(tokensIn() >= before + 123, "the model's tokens count into the city's usage");

        // nothing was sent: the timeline has still one reply
        var c = remember(get("/api/v1/cases/" + caseId, ama.operatorToken()));
        long replies = c.json().getJsonArray("timeline").stream()
                .filter(v -> v.asJsonObject().getString("kind").equals("STAFF_REPLY")).count();
        assertEquals(1, replies, "a draft is never sent by itself");
        // another city's staff: not found
        var foreign = call("POST", "/api/v1/cases/" + caseId + "/reply-draft", msn.staffToken(), null);
        assertEquals(404, foreign.status(), foreign::toString);
        assertTrue(foreign.isProblem(), foreign::toString);
    }

    @Test
    @Order(2)
    void aSlowFailingOrUncitedModelGivesTheFaqDraftWith200() {
        setUp2();
        model.mode = FakeChatServer.Mode.SLOW;
        long t0 = System.nanoTime();
        var slow = draft(ama.operatorToken());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertFaqDraft(slow, "timeout");
        assertTrue(ms < 6500, "the draft did not wait for the slow model: " + ms + " ms");

        model.mode = FakeChatServer.Mode.ERROR;
        assertFaqDraft(draft(ama.operatorToken()), "error");

        model.mode = FakeChatServer.Mode.OK;
        model.content = "窓口で取れます。";
        assertFaqDraft(draft(ama.operatorToken()), "no-citation");
        model.content = "NO_ANSWER";
        assertFaqDraft(draft(ama.operatorToken()), "no-answer");

        // 武蔵野市 has no model: FAQ drafts, and nothing reaches 尼崎市's model
        int requests = model.received.size();
        var other = call("POST", "/api/v1/my/inquiries", msn.citizenToken(), Json.createObjectBuilder()
                .add("category", "procedures").add("subject", "住民票の写し").add("message", "住民票の写しはどこで取れますか")
                .build().toString());
        assertEquals(201, other.status(), other::toString);
        var msnDraft = call("POST", "/api/v1/cases/" + other.json().getString("id") + "/reply-draft", msn.staffToken(), null);
        assertEquals(200, msnDraft.status(), msnDraft::toString);
        assertEquals("faq", msnDraft.json().getString("source"), msnDraft::toString);
        assertEquals("no-model", msnDraft.json().getString("fallback"), msnDraft::toString);
        assertFalse(msnDraft.body().contains("\"ama-"), msnDraft::toString);
        assertEquals(requests, model.received.size(), "武蔵野市 never calls 尼崎市's model");
    }

    private static void setUp2() {
        try {
            setUp();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertFaqDraft(Platform.Reply r, String fallback) {
        assertEquals(200, r.status(), r::toString);
        JsonObject d = r.json();
        assertEquals("faq", d.getString("source"), r::toString);
        assertEquals(fallback, d.getString("fallback"), r::toString);
        assertTrue(!d.containsKey("model") || d.isNull("model"), r::toString);
        assertFalse(d.getString("text").isBlank(), r::toString);
        assertFalse(d.getString("text").contains("IT-DRAFT"), r::toString);
        assertEquals(1, d.getJsonArray("citations").size(), r::toString);
        assertTrue(d.getJsonArray("citations").getJsonObject(0).getString("id").startsWith("ama-"), r::toString);
    }

    @Test
    @Order(3)
    void theConciergeAnswersThroughTheCitysModelAndFallsBackToRetrieval() {
        setUp2();
        String question = "住民票の写しはどこで取れますか";
        model.mode = FakeChatServer.Mode.OK;
        model.content = "住民票の写しは各地域課の窓口で取れます [1]。（IT-CONCIERGE-" + NONCE + "）";
        var a = remember(Platform.ask(ama.citizenToken(), question));
        assertEquals(200, a.status(), a::toString);
        assertEquals("ANSWERED", a.json().getString("outcome"), a::toString);
        assertTrue(a.json().getString("answer").contains("IT-CONCIERGE-" + NONCE), () -> "the model's answer: " + a);
        assertTrue(a.json().getJsonArray("sources").getJsonObject(0).getString("id").startsWith("ama-"), a::toString);
        assertFalse(model.last().text().contains(msn.canary), "武蔵野市's canary never reaches the model");

        for (FakeChatServer.Mode failing : List.of(FakeChatServer.Mode.ERROR, FakeChatServer.Mode.SLOW)) {
            model.mode = failing;
            long t0 = System.nanoTime();
            var f = remember(Platform.ask(ama.citizenToken(), question));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(200, f.status(), () -> failing + ": " + f);
            assertEquals("ANSWERED", f.json().getString("outcome"), () -> failing + ": " + f);
            assertFalse(f.json().getString("answer").contains("IT-CONCIERGE"), () -> failing + ": " + f);
            assertTrue(f.json().getString("answer").contains("住民票"), () -> failing + ": " + f);
            assertTrue(f.json().getJsonArray("sources").getJsonObject(0).getString("id").startsWith("ama-"), f::toString);
            assertTrue(ms < 6500, failing + " waited " + ms + " ms");
        }
        var settings = remember(get("/api/v1/knowledge/llm", ama.adminToken()));
        assertEquals("set", settings.json().getString("apiKey"), settings::toString);
    }

    @Test
    @Order(4)
    void theStaffPageFillsTheReplyBoxWithALabelledDraftAndSendsNothing() {
        setUp2();
        model.mode = FakeChatServer.Mode.OK;
        model.content = "住民票の写しは各地域課の窓口で取れます [1]。（IT-PAGE-" + NONCE + "）";
        List<String> problems = new ArrayList<>();
        try (Chromium op = Chromium.start()) {
            op.open(Platform.base() + "/c/" + ama.code + "/staff/cases/" + caseNumber);
            op.signIn(ama.operator, Platform.TEST_PASSWORD);
            op.click(By.cssSelector("#draft-form button"));
            op.find(By.id("ai-draft"));
            String text = op.text();
            assertTrue(text.contains("AIの返信案") && text.contains("自動では送信されません"), text);
            assertFalse(text.contains(secret), "no key on the page");
            String box = op.find(By.cssSelector("#reply-form textarea")).getAttribute("value");
            assertTrue(box.contains("IT-PAGE-" + NONCE), () -> "the reply box holds the draft: " + box);
            String link = op.find(By.cssSelector("#ai-draft a")).getAttribute("href");
            assertTrue(link.contains("/c/" + ama.code + "/admin/knowledge/entries/ama-"), link);
            problems.addAll(BrowserIT.check(op, "case view with an AI draft"));
        }
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
        var c = get("/api/v1/cases/" + caseId, ama.operatorToken());
        assertEquals(1, c.json().getJsonArray("timeline").stream()
                .filter(v -> v.asJsonObject().getString("kind").equals("STAFF_REPLY")).count(), "nothing was sent");
    }
}
