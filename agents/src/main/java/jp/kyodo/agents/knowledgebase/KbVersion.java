package jp.kyodo.agents.knowledgebase;

import java.time.OffsetDateTime;

/** One version of an entry (版): what was done, by whom and when, and the entry as it was afterwards. */
public record KbVersion(String entryId, int version, String action, String status, String changedBy,
                        OffsetDateTime changedAt, FaqEntry faq, KnowledgeDocument document) {
}
