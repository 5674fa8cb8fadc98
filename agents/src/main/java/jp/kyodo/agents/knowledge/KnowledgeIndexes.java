package jp.kyodo.agents.knowledge;

import dev.langchain4j.model.embedding.EmbeddingModel;
import java.nio.file.Path;
import java.util.Set;
import jp.kyodo.agents.knowledge.internal.LuceneKnowledgeIndexes;

/**
 * All tenants' knowledge indexes: one Lucene directory per tenant id ({@code root/<tenant>/}); a tenant's index holds
 * only its own entries. Thread-safe.
 */
public interface KnowledgeIndexes extends AutoCloseable {

    /** The index of {@code tenant}, created empty on first use. */
    KnowledgeIndex forTenant(TenantId tenant);

    Set<TenantId> tenants();

    /** Delete a tenant's index and its directory. */
    void drop(TenantId tenant);

    @Override
    void close();

    /**
     * Indexes stored under {@code root}.
     *
     * @param embeddingModel any LangChain4j embedding model, or {@code null} to run on the lexical signals only
     */
    static KnowledgeIndexes open(Path root, EmbeddingModel embeddingModel, RetrievalSettings settings) {
        return LuceneKnowledgeIndexes.onDisk(root, embeddingModel, settings);
    }

    /** Heap-only indexes (tests, benchmarks, demos). */
    static KnowledgeIndexes inMemory(EmbeddingModel embeddingModel, RetrievalSettings settings) {
        return LuceneKnowledgeIndexes.inMemory(embeddingModel, settings);
    }
}
