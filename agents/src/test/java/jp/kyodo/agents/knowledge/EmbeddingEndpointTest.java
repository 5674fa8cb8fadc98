package jp.kyodo.agents.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embedding signal through an OpenAI-compatible embeddings endpoint (how a deployment plugs in a model): a local
 * HTTP server speaking {@code POST /v1/embeddings} returns vectors (character hashes, so similar texts get similar
 * vectors), the index embeds entries and questions through it, and the EMBEDDING signal alone finds the entry.
 */
class EmbeddingEndpointTest {

    private static final int DIMENSIONS = 64;
    private static HttpServer server;
    private static final AtomicInteger CALLS = new AtomicInteger();

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/embeddings", ex -> {
            CALLS.incrementAndGet();
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            StringBuilder data = new StringBuilder();
            Matcher m = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(body.substring(body.indexOf('[') + 1,
                    body.indexOf(']')));
            int i = 0;
            while (m.find()) {
                data.append(i == 0 ? "" : ",").append("{\"object\":\"embedding\",\"index\":").append(i++)
                        .append(",\"embedding\":").append(vector(m.group(1))).append('}');
            }
            byte[] out = ("{\"object\":\"list\",\"data\":[" + data + "],\"model\":\"fake\",\"usage\":{\"prompt_tokens\":1,"
                    + "\"total_tokens\":1}}").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, out.length);
            ex.getResponseBody().write(out);
            ex.close();
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    /** A bag of characters hashed into a fixed number of dimensions. */
    static String vector(String text) {
        double[] v = new double[DIMENSIONS];
        text.codePoints().filter(Character::isLetterOrDigit).forEach(c -> v[Math.floorMod(c * 31, DIMENSIONS)] += 1);
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            b.append(i == 0 ? "" : ",").append(v[i]);
        }
        return b.append(']').toString();
    }

    @Test
    void theEmbeddingSignalWorksThroughAnOpenAiCompatibleEndpoint() {
        var model = KnowledgeEmbeddings.openAiCompatible("http://localhost:" + server.getAddress().getPort() + "/v1",
                "fake", null, Duration.ofSeconds(5));
        var settings = KnowledgeEmbeddings.withEmbeddingWeight(RetrievalSettings.defaults(), 0.5);
        assertEquals(0.5, settings.weight(Signal.EMBEDDING));
        try (KnowledgeIndexes indexes = KnowledgeIndexes.inMemory(model, settings)) {
            KnowledgeIndex index = indexes.forTenant(TenantId.of("00000000-0000-0000-0000-000000000001"));
            index.upsertAll(List.of(
                    new FaqEntry("juminhyo", "住民票の写しを取りたい", List.of(), "市民課の窓口かコンビニで取れます。", "届出", "市民課",
                            null, null, null, "ja", EntryStatus.PUBLISHED),
                    new FaqEntry("sodai", "粗大ごみを出したい", List.of(), "申込センターに電話してください。", "ごみ", "環境課",
                            null, null, null, "ja", EntryStatus.PUBLISHED)));
            int before = CALLS.get();
            SearchResult r = index.search("粗大ごみの出し方", new SearchOptions(3, EnumSet.of(Signal.EMBEDDING)));
            assertTrue(CALLS.get() > before, "the question was embedded by the endpoint");
            assertFalse(r.hits().isEmpty(), "the embedding signal returns hits");
            assertEquals("sodai", r.hits().get(0).entryId());
        }
    }
}
