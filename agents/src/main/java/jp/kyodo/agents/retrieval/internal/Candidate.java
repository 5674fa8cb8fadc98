package jp.kyodo.agents.retrieval.internal;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import jp.kyodo.agents.knowledgebase.EntryStatus;
import jp.kyodo.agents.retrieval.SearchHit;

/**
 * One retrievable unit held in memory next to the Lucene index: an FAQ entry or a document passage, with its
 * embedding vectors (unit length) and its term sets (used for the confidence features; {@code questionTerms}: the
 * kuromoji terms of the entry's question and phrasings only, or of a passage's title) and
 * its words with their readings (for the tenant's {@link KanaConverter}).
 */
record Candidate(String key, String entryId, SearchHit.Kind kind, String title, String text, String sourceUrl,
                 String category, String department, EntryStatus status, LocalDate validFrom, LocalDate validTo,
                 float[][] vectors, Set<String> kuromojiTerms, Set<String> bigramTerms, Set<String> readingTerms,
                 Set<String> englishTerms, Set<String> questionTerms, List<JapaneseAnalysis.Word> words) {

    boolean liveOn(LocalDate day) {
        return status == EntryStatus.PUBLISHED
                && (validFrom == null || !day.isBefore(validFrom))
                && (validTo == null || !day.isAfter(validTo));
    }
}
