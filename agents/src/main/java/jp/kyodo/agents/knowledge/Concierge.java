package jp.kyodo.agents.knowledge;

import java.util.function.Supplier;
import jp.kyodo.agents.knowledge.internal.RetrievalConcierge;

/**
 * The AI concierge core: answers from the current tenant's knowledge only, always with sources, or hands over to a
 * person (when unsure, or when the citizen asks for one). Works without any LLM; an {@link AnswerGenerator} is used
 * when configured and falls back to the retrieval answer on timeout or error.
 */
public interface Concierge {

    /** Answers for the tenant of the current request (as supplied at creation). */
    ConciergeReply answer(String question);

    /**
     * @param currentTenant supplies the tenant of the current request from the caller's infrastructure
     *                      (e.g. {@code () -> TenantId.of(tenantContext.cityCode())}); never derived from the question
     * @param generator     optional LLM path, or null
     */
    static Concierge create(KnowledgeIndexes indexes, Supplier<TenantId> currentTenant, ConciergeSettings settings,
                            AnswerGenerator generator) {
        return new RetrievalConcierge(indexes, currentTenant, settings, generator);
    }
}
