package jp.kyodo.agents.concierge;

import jp.kyodo.agents.knowledgebase.DemoKnowledge;
import jp.kyodo.agents.retrieval.DemoIndexes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Reply drafts: from the model with citations of the tenant's passages, or the FAQ answer when the model fails. */
class ReplyDrafterTest {

    private static final List<ReplyDrafter.ThreadMessage> THREAD = List.of(
            new ReplyDrafter.ThreadMessage(true, "住民票の写しを取りたいです。"),
            new ReplyDrafter.ThreadMessage(false, "お問い合わせありがとうございます。"),
            new ReplyDrafter.ThreadMessage(true, "どこの窓口で、いくらかかりますか？"));

    private final List<String> prompts = new CopyOnWriteArrayList<>();

    private ChatModel model(Function<ChatRequest, String> answer) {
        return new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest req) {
                StringBuilder b = new StringBuilder();
                for (ChatMessage m : req.messages()) {
                    b.append(m instanceof SystemMessage s ? s.text() : m instanceof UserMessage u ? u.singleText() : "")
                            .append('\n');
                }
                prompts.add(b.toString());
                return ChatResponse.builder().aiMessage(AiMessage.from(answer.apply(req))).build();
            }
        };
    }

    private ReplyDrafter drafter(ChatModel m, Duration timeout) {
        return ReplyDrafter.create(DemoIndexes.shared(), () -> DemoKnowledge.AMAGASAKI, m, "test-model", timeout);
    }

    @Test
    void theModelsDraftCitesTheTenantsPassagesOnly() {
        ReplyDrafter.Draft d = drafter(model(r -> "住民票の写しは各地域課の窓口で取れます。手数料は1通300円です [1]。"),
                Duration.ofSeconds(2)).draft("住民票の写し 窓口 手数料", THREAD, "ja");
        assertEquals(ReplyDrafter.Source.LLM, d.source(), d::toString);
        assertEquals("test-model", d.model());
        assertEquals("ama-juminhyo-shutoku", d.citations().get(0).entryId());
        String prompt = prompts.get(0);
        assertTrue(prompt.contains("[1] ") && prompt.contains("丁寧な日本語"), prompt);
        // the thread, latest last
        assertTrue(prompt.indexOf("住民票の写しを取りたいです") < prompt.indexOf("いくらかかりますか"), prompt);
        assertTrue(prompt.contains("市の担当者: お問い合わせありがとうございます"), prompt);
        assertFalse(prompt.contains("武蔵野") || prompt.contains("0422-"), "nothing of another city is sent: " + prompt);
    }

    @Test
    void anotherLanguageIsAskedFor() {
        drafter(model(r -> "You can get it at the ward offices [1]."), Duration.ofSeconds(2))
                .draft("住民票の写し", THREAD, "en");
        assertTrue(prompts.get(0).contains("（en）"), prompts.get(0));
    }

    @Test
    void withoutAValidCitationTheFaqAnswerIsTheDraft() {
        for (String bad : List.of("窓口で取れます。", "窓口で取れます [9]。", "NO_ANSWER", "")) {
            ReplyDrafter.Draft d = drafter(model(r -> bad), Duration.ofSeconds(2)).draft("住民票の写し 窓口 手数料", THREAD, "ja");
            assertFaq(d);
        }
        assertEquals("no-citation", drafter(model(r -> "窓口で取れます。"), Duration.ofSeconds(2))
                .draft("住民票の写し 窓口 手数料", THREAD, "ja").fallback());
        assertEquals("no-answer", drafter(model(r -> "NO_ANSWER"), Duration.ofSeconds(2))
                .draft("住民票の写し 窓口 手数料", THREAD, "ja").fallback());
    }

    @Test
    void aSlowOrFailingModelFallsBackToTheFaqAnswer() {
        long t0 = System.nanoTime();
        ReplyDrafter.Draft slow = drafter(model(r -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "遅い回答 [1]";
        }), Duration.ofMillis(300)).draft("住民票の写し 窓口 手数料", THREAD, "ja");
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 2500, "did not wait for the slow model");
        assertFaq(slow);
        assertEquals("timeout", slow.fallback());
        ReplyDrafter.Draft failed = drafter(model(r -> {
            throw new IllegalStateException("HTTP 500");
        }), Duration.ofSeconds(2)).draft("住民票の写し 窓口 手数料", THREAD, "ja");
        assertFaq(failed);
        assertEquals("error", failed.fallback());
    }

    @Test
    void withoutAModelTheFaqAnswerIsTheDraftAndNothingFoundGivesNone() {
        ReplyDrafter.Draft d = drafter(null, null).draft("住民票の写し 窓口 手数料", THREAD, "ja");
        assertFaq(d);
        assertEquals("no-model", d.fallback());
        ReplyDrafter.Draft none = drafter(null, null).draft("", THREAD, "ja");
        assertEquals(ReplyDrafter.Source.NONE, none.source());
        assertTrue(none.text().isEmpty() && none.citations().isEmpty());
    }

    private static void assertFaq(ReplyDrafter.Draft d) {
        assertEquals(ReplyDrafter.Source.FAQ, d.source(), d::toString);
        assertNull(d.model());
        assertEquals("ama-juminhyo-shutoku", d.citations().get(0).entryId(), d::toString);
        assertTrue(d.text().contains("300円"), d::toString);
    }
}
