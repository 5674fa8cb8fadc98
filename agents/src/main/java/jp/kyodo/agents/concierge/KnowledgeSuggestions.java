package jp.kyodo.agents.concierge;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import jp.kyodo.agents.retrieval.KnowledgeBases;
import jp.kyodo.agents.retrieval.SearchHit;
import jp.kyodo.agents.retrieval.SearchResult;
import jp.kyodo.tenant.TenantContext;

/**
 * Operator assist (オペレーター支援): what the current city's knowledge retrieves for a piece of text (a case's
 * question), for staff to read and to start a reply from. Searches only the index of the city bound to the request.
 */
@ApplicationScoped
public class KnowledgeSuggestions {

    /** One retrieved FAQ entry or document passage; {@code answer} is the FAQ answer as written (a reply draft). */
    public record Suggestion(String entryId, String kind, String title, String answer, String sourceUrl,
                             String department, double score) {
    }

    @Inject
    TenantContext tenant;
    @Inject
    KnowledgeBases bases;

    /** Up to {@code max} suggestions for {@code text}, best first; empty for blank text. */
    public List<Suggestion> suggest(String text, int max) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        String q = text.strip();
        if (q.length() > 2000) {
            q = q.substring(0, 2000);
        }
        SearchResult r = bases.indexOf(tenant.city()).search(q);
        return r.hits().stream().limit(Math.max(1, max)).map(KnowledgeSuggestions::of).toList();
    }

    private static Suggestion of(SearchHit h) {
        return new Suggestion(h.entryId(), h.kind().name(), h.title(), h.text(), h.sourceUrl(), h.department(),
                Math.round(h.score() * 1000) / 1000.0);
    }
}
