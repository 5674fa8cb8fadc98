package jp.kyodo.agents.retrieval;

import jp.kyodo.agents.knowledgebase.TenantId;
import java.util.List;

/**
 * The outcome of one search in one tenant's index.
 *
 * @param confidence estimated probability in [0,1] that the first hit answers the question
 * @param language   detected language of the question (ja, en, zh, ko, vi)
 */
public record SearchResult(TenantId tenant, String question, String language, List<SearchHit> hits,
                           double confidence, long tookMicros) {
    public SearchResult {
        hits = List.copyOf(hits);
    }

    public boolean isEmpty() {
        return hits.isEmpty();
    }
}
