package jp.kyodo.agents.concierge;

import jp.kyodo.agents.knowledgebase.TenantId;
import jp.kyodo.agents.retrieval.KnowledgeIndexes;
import jp.kyodo.agents.retrieval.SourceRef;
import dev.langchain4j.model.chat.ChatModel;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import jp.kyodo.agents.concierge.internal.RetrievalReplyDrafter;

/**
 * Operator assist (返信案): a draft reply to a case, for a person to check and send. With a chat model the draft is
 * written from the current tenant's retrieved passages only and cites them as [n]; without a valid citation, with
 * {@code NO_ANSWER}, after the timeout or on any error, the draft is the best FAQ answer as written (marked as such).
 * Nothing is ever sent from here.
 */
public interface ReplyDrafter {

    /** One citizen-visible message of the case, oldest first; {@code fromCitizen} false = the city's reply. */
    record ThreadMessage(boolean fromCitizen, String text) {
        public ThreadMessage {
            text = text == null ? "" : text;
        }
    }

    /** Where a draft came from. */
    enum Source { LLM, FAQ, NONE }

    /**
     * @param text      the draft (empty when the knowledge has nothing)
     * @param citations the entries the draft rests on (cited by the model, or the FAQ entry used)
     * @param model     the model that wrote it (only for {@link Source#LLM})
     * @param fallback  why the model's draft was not used ({@code no-model}, {@code timeout}, {@code error},
     *                  {@code no-answer}, {@code no-citation}), or null
     */
    record Draft(String text, Source source, List<SourceRef> citations, String model, String fallback) {
        public Draft {
            Objects.requireNonNull(source, "source");
            text = text == null ? "" : text;
            citations = List.copyOf(citations);
        }
    }

    /**
     * @param searchText what the case is about (used to retrieve the tenant's passages)
     * @param thread     the citizen-visible messages, latest last (the only case text the model sees)
     * @param language   the case's language (ja, en, zh, ko, vi …)
     */
    Draft draft(String searchText, List<ThreadMessage> thread, String language);

    /**
     * @param currentTenant the tenant of the current request, from the caller's infrastructure
     * @param model         the city's chat model, or null (FAQ drafts only)
     * @param timeout       how long to wait for the model before falling back
     */
    static ReplyDrafter create(KnowledgeIndexes indexes, Supplier<TenantId> currentTenant, ChatModel model,
                               String modelName, Duration timeout) {
        return new RetrievalReplyDrafter(indexes, currentTenant, model, modelName, timeout);
    }
}
