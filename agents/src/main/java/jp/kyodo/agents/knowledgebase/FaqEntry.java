package jp.kyodo.agents.knowledgebase;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * One FAQ entry of a city. {@code id} is unique within the city. The answer is returned to citizens as written.
 *
 * @param validFrom first day the entry applies (inclusive), or null
 * @param validTo   last day the entry applies (inclusive), or null
 */
public record FaqEntry(String id, String question, List<Phrasing> alternatives, String answer, String category,
                       String department, String sourceUrl, LocalDate validFrom, LocalDate validTo, String language,
                       EntryStatus status) {
    public FaqEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(answer, "answer");
        alternatives = alternatives == null ? List.of() : List.copyOf(alternatives);
        category = category == null ? "" : category;
        department = department == null ? "" : department;
        sourceUrl = sourceUrl == null ? "" : sourceUrl;
        language = language == null || language.isBlank() ? "ja" : language;
        status = status == null ? EntryStatus.DRAFT : status;
    }

    /** Whether citizens may be answered from this entry on {@code day}. */
    public boolean isLiveOn(LocalDate day) {
        return status == EntryStatus.PUBLISHED
                && (validFrom == null || !day.isBefore(validFrom))
                && (validTo == null || !day.isAfter(validTo));
    }
}
