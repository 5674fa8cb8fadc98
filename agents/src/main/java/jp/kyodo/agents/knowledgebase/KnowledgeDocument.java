package jp.kyodo.agents.knowledgebase;

import java.util.Objects;

/** A longer document (guide, manual page). It is split into passages for retrieval; each passage cites it. */
public record KnowledgeDocument(String id, String title, String text, DocumentFormat format, String sourceUrl,
                                String language, EntryStatus status) {
    public KnowledgeDocument {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(text, "text");
        format = format == null ? DocumentFormat.PLAIN : format;
        sourceUrl = sourceUrl == null ? "" : sourceUrl;
        language = language == null || language.isBlank() ? "ja" : language;
        status = status == null ? EntryStatus.DRAFT : status;
    }
}
