package jp.kyodo.agents.retrieval;

import jp.kyodo.agents.knowledgebase.CityKnowledge;
import jp.kyodo.agents.knowledgebase.DocumentFormat;
import jp.kyodo.agents.knowledgebase.EntryStatus;
import jp.kyodo.agents.knowledgebase.FaqEntry;
import jp.kyodo.agents.knowledgebase.KnowledgeDocument;
import jp.kyodo.agents.knowledgebase.TenantId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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

    /**
     * Issue 10, item 8: a rebuild calls the endpoint in {@code prepare} only, and {@code replaceAll(prepared)} writes
     * without calling it; with the transaction guard, an embeddings call while "a transaction is open" is refused
     * (loudly where an index is built or changed) and a search then answers on its lexical signals instead of
     * calling the endpoint.
     */
    @Test
    void theModelIsCalledBeforeTheIndexIsWrittenAndNeverInsideATransaction() {
        java.util.concurrent.atomic.AtomicBoolean inTransaction = new java.util.concurrent.atomic.AtomicBoolean();
        var model = KnowledgeEmbeddings.outsideTransactions(KnowledgeEmbeddings.openAiCompatible(
                "http://localhost:" + server.getAddress().getPort() + "/v1", "fake", null, Duration.ofSeconds(5)),
                inTransaction::get);
        var settings = KnowledgeEmbeddings.withEmbeddingWeight(RetrievalSettings.defaults(), 0.5);
        TenantId tenant = TenantId.of("00000000-0000-0000-0000-000000000002");
        FaqEntry sodai = new FaqEntry("sodai", "粗大ごみを出したい", List.of(), "申込センターに電話してください。", "ごみ", "環境課",
                null, null, null, "ja", EntryStatus.PUBLISHED);
        FaqEntry juminhyo = new FaqEntry("juminhyo", "住民票の写しを取りたい", List.of(), "市民課の窓口かコンビニで取れます。", "届出",
                "市民課", null, null, null, "ja", EntryStatus.PUBLISHED);
        KnowledgeDocument doc = new KnowledgeDocument("guide", "ごみの手引き", "# 出し方\n朝8時までに出してください。", DocumentFormat.MARKDOWN,
                "", "ja", EntryStatus.PUBLISHED);
        try (KnowledgeIndexes indexes = KnowledgeIndexes.inMemory(model, settings)) {
            KnowledgeIndex index = indexes.forTenant(tenant);
            index.upsert(juminhyo);
            CityKnowledge k = new CityKnowledge(tenant, "テスト市", List.of(sodai, juminhyo), List.of(doc), List.of());

            int before = CALLS.get();
            PreparedKnowledge prepared = index.prepare(k);
            assertTrue(CALLS.get() > before, "prepare embeds through the endpoint");
            assertEquals(1, index.size(), "prepare writes nothing: the index still answers from its previous content");
            int afterPrepare = CALLS.get();
            index.replaceAll(prepared);
            assertEquals(afterPrepare, CALLS.get(), "writing a prepared knowledge never calls the model");
            assertEquals(3, index.size());
            assertTrue(index.vectorCount() >= 3, "the prepared vectors are in the index: " + index.vectorCount());

            inTransaction.set(true);
            assertThrows(KnowledgeEmbeddings.InTransaction.class, () -> index.prepare(k), "a build inside a transaction");
            assertThrows(KnowledgeEmbeddings.InTransaction.class, () -> index.upsert(sodai), "a change inside a transaction");
            int beforeSearch = CALLS.get();
            SearchResult r = index.search("粗大ごみの出し方");
            assertEquals(beforeSearch, CALLS.get(), "the question is not embedded inside a transaction");
            assertEquals("sodai", r.hits().get(0).entryId(), "the lexical signals still answer");
            assertEquals(3, index.size(), "the refused change wrote nothing");
        }
    }
}
