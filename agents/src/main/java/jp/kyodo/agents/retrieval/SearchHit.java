package jp.kyodo.agents.retrieval;

import java.util.Map;

/**
 * One retrieved entry of the caller's tenant.
 *
 * @param entryId  FAQ id, or document id for a document passage
 * @param title    FAQ question or document title
 * @param text     FAQ answer as written, or the passage text
 * @param score    fused score (higher is better; comparable within one search only)
 * @param ranks    1-based rank of this entry in each signal that found it
 */
public record SearchHit(String entryId, Kind kind, String title, String text, String sourceUrl, String category,
                        String department, double score, Map<Signal, Integer> ranks) {
    public enum Kind { FAQ, DOCUMENT }

    public SourceRef source() {
        return new SourceRef(entryId, title, sourceUrl);
    }
}
