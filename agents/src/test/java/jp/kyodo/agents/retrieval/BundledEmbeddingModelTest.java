package jp.kyodo.agents.retrieval;

import jp.kyodo.agents.knowledgebase.TenantId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.model.embedding.EmbeddingModel;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The in-process model loads in a plain unit test and feeds the EMBEDDING signal. */
class BundledEmbeddingModelTest {
    @Test
    void bundledModelWorksInProcess() {
        EmbeddingModel m = KnowledgeEmbeddings.bundled().orElseThrow();
        assertEquals(384, m.embed("住民票").content().vector().length);
        try (KnowledgeIndexes idx = KnowledgeIndexes.inMemory(m, RetrievalSettings.defaults())) {
            KnowledgeIndex k = idx.forTenant(TenantId.of("555555"));
            k.upsertAll(List.of(
                    KnowledgeRetrievalTest.entry("lib", "Library card", "Bring an ID to the library counter."),
                    KnowledgeRetrievalTest.entry("bin", "Garbage collection days", "Burnable garbage twice a week.")));
            assertTrue(k.vectorCount() >= 2, "one vector per question at least: " + k.vectorCount());
            SearchResult r = k.search("How can I borrow books?", new SearchOptions(2, EnumSet.of(Signal.EMBEDDING)));
            assertEquals("lib", r.hits().get(0).entryId());
            assertTrue(r.hits().get(0).ranks().containsKey(Signal.EMBEDDING));
        }
        try (KnowledgeIndexes idx = KnowledgeIndexes.inMemory(null, RetrievalSettings.defaults())) {
            KnowledgeIndex k = idx.forTenant(TenantId.of("555555"));
            k.upsert(KnowledgeRetrievalTest.entry("lib", "Library card", "Bring an ID to the library counter."));
            assertEquals(0, k.vectorCount(), "no vectors without a model");
        }
    }
}
