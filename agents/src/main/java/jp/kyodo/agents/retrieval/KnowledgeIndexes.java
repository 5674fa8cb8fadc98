package jp.kyodo.agents.retrieval;

import jp.kyodo.agents.knowledgebase.TenantId;
import dev.langchain4j.model.embedding.EmbeddingModel;
import java.nio.file.Path;
import java.util.Set;
import jp.kyodo.agents.retrieval.internal.LuceneKnowledgeIndexes;

/**
 * All tenants' knowledge indexes: one Lucene directory per tenant id ({@code root/<tenant>/}); a tenant's index holds
 * only its own entries. Thread-safe.
 */
public interface KnowledgeIndexes extends AutoCloseable {

    /** The index of {@code tenant}, created empty on first use. */
    KnowledgeIndex forTenant(TenantId tenant);

    /** The tenants with an index: open ones and, on disk, every directory. */
    Set<TenantId> tenants();

    /**
     * Tells {@code listener} of a tenant whose index was closed to stay within the limit of open indexes (its next
     * use opens it again from its directory).
     */
    default void onEvict(java.util.function.Consumer<TenantId> listener) {
    }

    /** Loads what every index shares (the Japanese dictionaries) so that no city's first question pays for it. */
    default void warmUp() {
    }

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

    /** Indexes stored under {@code root}, at most {@code maxOpen} open at once (least recently used closed first). */
    static KnowledgeIndexes open(Path root, EmbeddingModel embeddingModel, RetrievalSettings settings, int maxOpen) {
        return LuceneKnowledgeIndexes.onDisk(root, embeddingModel, settings, maxOpen);
    }

    /** Heap-only indexes (tests, benchmarks, demos). */
    static KnowledgeIndexes inMemory(EmbeddingModel embeddingModel, RetrievalSettings settings) {
        return LuceneKnowledgeIndexes.inMemory(embeddingModel, settings);
    }
}
