package jp.kyodo.agents.concierge;

import jp.kyodo.agents.knowledgebase.TenantId;
import jp.kyodo.agents.retrieval.KnowledgeIndexes;
import java.util.function.Supplier;
import jp.kyodo.agents.concierge.internal.RetrievalConcierge;

/**
 * The AI concierge core: answers from the current tenant's knowledge only, always with sources, or hands over to a
 * person (when unsure, or when the citizen asks for one). Works without any LLM; an {@link AnswerGenerator} is used
 * when configured and falls back to the retrieval answer on timeout or error.
 */
public interface Concierge {

    /** Answers for the tenant of the current request (as supplied at creation). */
    ConciergeReply answer(String question);

    /**
     * The person chose one of a clarification's choices: that entry's answer, or null when it is not a published
     * entry of the current tenant.
     */
    ConciergeReply choose(String question, String entryId);

    /** Whether the question itself asks for a person (人と話したい, operator, 转人工 …). */
    static boolean asksForPerson(String question) {
        return jp.kyodo.agents.concierge.internal.Handover.asksForPerson(question);
    }

    /** The message that a person will follow up, in the given language (ja, en, zh, ko, vi; Japanese otherwise). */
    static String handoverMessage(String language) {
        return jp.kyodo.agents.concierge.internal.Handover.personMessage(language);
    }

    /**
     * @param currentTenant supplies the tenant of the current request from the caller's infrastructure
     *                      (e.g. {@code () -> TenantId.of(tenantContext.cityCode())}); never derived from the question
     * @param generator     optional LLM path, or null
     */
    static Concierge create(KnowledgeIndexes indexes, Supplier<TenantId> currentTenant, ConciergeSettings settings,
                            AnswerGenerator generator) {
        return new RetrievalConcierge(indexes, currentTenant, settings, generator);
    }

    /**
     * @param executor  runs the model calls (a managed, bounded executor in the application)
     * @param perTenant at most this many model calls of one tenant at once (further questions: retrieval answer)
     */
    static Concierge create(KnowledgeIndexes indexes, Supplier<TenantId> currentTenant, ConciergeSettings settings,
                            AnswerGenerator generator, java.util.concurrent.Executor executor, int perTenant) {
        return new RetrievalConcierge(indexes, currentTenant, settings, generator, executor, perTenant);
    }
}
