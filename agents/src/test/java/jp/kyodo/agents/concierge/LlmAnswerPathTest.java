package jp.kyodo.agents.concierge;

import jp.kyodo.agents.llm.LlmSettings;
import jp.kyodo.agents.knowledgebase.DemoKnowledge;
import jp.kyodo.agents.retrieval.DemoIndexes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The LLM path against a local server speaking the OpenAI chat-completions protocol. */
class LlmAnswerPathTest {
    private static HttpServer server;
    private static final AtomicReference<String> MODE = new AtomicReference<>("ok");
    private static final CopyOnWriteArrayList<String> REQUESTS = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/v1/chat/completions", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            REQUESTS.add(body);
            String mode = MODE.get();
            if (mode.equals("slow")) {
                try {
                    Thread.sleep(12_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (mode.equals("500")) {
                byte[] b = "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}".getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(500, b.length);
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(b);
                }
                return;
            }
            String content = switch (mode) {
                case "nocite" -> "住民票は市役所で取れます。";
                case "badcite" -> "住民票は市役所で取れます [7]。";
                default -> "住民票の写しは市民課で取れます。手数料は1通300円です [1]。";
            };
            String json = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"test-model\","
                    + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + content + "\"},"
                    + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":10,\"total_tokens\":20}}";
            byte[] b = json.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, b.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(b);
            }
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private Concierge concierge() {
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
        AnswerGenerator gen = AnswerGenerators.openAiCompatible(
                new LlmSettings(base, "test-key", "test-model", Duration.ofSeconds(5), 0, 300));
        return Concierge.create(DemoIndexes.shared(), () -> DemoKnowledge.AMAGASAKI,
                ConciergeSettings.defaults().withGeneratorTimeout(Duration.ofMillis(4000)), gen);
    }

    @Test
    void generatedAnswerCitesTheRetrievedPassagesOnly() {
        MODE.set("ok");
        REQUESTS.clear();
        ConciergeReply r = concierge().answer("住民票の写しはどこで取れますか");
        assertTrue(r.answered());
        assertEquals("test-model", r.generatedBy());
        assertTrue(r.text().contains("[1]"));
        assertEquals("ama-juminhyo-shutoku", r.sources().get(0).entryId());
        String sent = REQUESTS.get(0);
        String decoded = unescape(sent);
        assertTrue(decoded.contains("各地域課（中央・小田"), "passages of the tenant are sent: " + decoded);
        assertFalse(decoded.contains("武蔵野") || decoded.contains("0422-"), "nothing of another city is sent");
        assertTrue(decoded.contains("[1]"));
    }

    @Test
    void slowModelFallsBackToTheRetrievalAnswer() {
        MODE.set("slow");
        long t0 = System.nanoTime();
        ConciergeReply r = concierge().answer("住民票の写しはどこで取れますか");
        // the model answers after 12 s; the concierge gives up at its 4 s timeout
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 10_000, "waited for the slow model");
        assertFallback(r);
    }

    @Test
    void serverErrorFallsBackToTheRetrievalAnswer() {
        MODE.set("500");
        assertFallback(concierge().answer("住民票の写しはどこで取れますか"));
    }

    @Test
    void answersWithoutValidCitationsAreRejected() {
        MODE.set("nocite");
        assertFallback(concierge().answer("住民票の写しはどこで取れますか"));
        MODE.set("badcite");
        assertFallback(concierge().answer("住民票の写しはどこで取れますか"));
    }

    @Test
    void unreachableEndpointFallsBack() {
        AnswerGenerator gen = AnswerGenerators.openAiCompatible(LlmSettings.of("http://127.0.0.1:1/v1", "", "m"));
        Concierge c = Concierge.create(DemoIndexes.shared(), () -> DemoKnowledge.AMAGASAKI,
                ConciergeSettings.defaults(), gen);
        assertFallback(c.answer("住民票の写しはどこで取れますか"));
    }

    private static String unescape(String json) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).toString()
                    .transform(x -> {
                        try {
                            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).findValuesAsText("content")
                                    .toString();
                        } catch (IOException e) {
                            return x;
                        }
                    });
        } catch (IOException e) {
            return json;
        }
    }

    private static void assertFallback(ConciergeReply r) {
        assertTrue(r.answered(), r.toString());
        assertNull(r.generatedBy());
        assertEquals("ama-juminhyo-shutoku", r.sources().get(0).entryId());
        assertTrue(r.text().contains("300円"));
    }
}
