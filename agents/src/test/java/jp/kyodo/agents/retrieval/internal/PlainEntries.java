package jp.kyodo.agents.retrieval.internal;

import java.time.LocalDate;
import java.util.List;
import jp.kyodo.agents.knowledgebase.EntryStatus;
import jp.kyodo.agents.knowledgebase.FaqEntry;
import jp.kyodo.agents.retrieval.KnowledgeIndex;

/** Entries as a plain city export has them (one question, one answer, no phrasings), and the first hit of a search. */
final class PlainEntries {
    private PlainEntries() {
    }

    static FaqEntry entry(String id, String q, String a) {
        return new FaqEntry(id, q, List.of(), a, "", "", "https://x.example/" + id, LocalDate.of(2020, 1, 1), null, "ja",
                EntryStatus.PUBLISHED);
    }

    static String top(KnowledgeIndex k, String q) {
        var r = k.search(q);
        return r.hits().isEmpty() ? "-" : r.hits().get(0).entryId();
    }
}
