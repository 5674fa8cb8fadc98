package jp.kyodo.agents.concierge;

import java.util.List;
import java.util.UUID;

/**
 * The concierge's answer to one question of the caller's city.
 *
 * @param outcome         {@code ANSWERED}, or {@code HANDOVER} when a person will follow up
 * @param language        the detected language of the question (ja, en, zh, ko, vi)
 * @param answer          the answer as the city wrote it, or the hand-over message in the question's language
 * @param sources         where the answer comes from; never empty when answered, empty when handed over
 * @param confidence      in [0,1]
 * @param handoverId      the hand-over record, when handed over; otherwise null
 * @param receptionNumber the number a person can quote (the first 8 characters of the hand-over id), or null
 * @param notice          e.g. that the answer is only available in Japanese; may be empty
 * @param suggestions     when handed over because the concierge was unsure: entries of this city that may still help
 *                        (question and link), shown to the citizen while a person follows up; otherwise empty
 */
public record ConciergeAnswer(String outcome, String language, String answer, List<ConciergeSource> sources,
                              double confidence, UUID handoverId, String receptionNumber, String notice,
                              List<ConciergeSource> suggestions) {
    public ConciergeAnswer {
        sources = sources == null ? List.of() : List.copyOf(sources);
        suggestions = suggestions == null ? List.of() : List.copyOf(suggestions);
    }

    public boolean handedOver() {
        return handoverId != null;
    }
}
