package jp.kyodo.agents.concierge;

import java.util.List;
import java.util.UUID;

/**
 * The concierge's answer to one question of the caller's city. In the API's JSON a component without a value (null)
 * is left out, as everywhere in the Kyodo API: {@code handoverId}, {@code receptionNumber} and {@code followUrl} are
 * present only when a case was opened, {@code reason} only when not answered; the lists are always present.
 *
 * @param outcome         {@code ANSWERED}; {@code CLARIFY} ("which of these?", see {@code choices}); {@code HANDOVER}
 *                        when a case was opened and a person will follow up; {@code UNANSWERED} when the concierge
 *                        could not answer and opened nothing (see {@code reason} and {@code handoverOffered})
 * @param language        the detected language of the question (ja, en, zh, ko, vi)
 * @param answer          the answer as the city wrote it, or the hand-over message in the question's language
 * @param sources         where the answer comes from; never empty when answered, empty otherwise
 * @param confidence      in [0,1]
 * @param handoverId      the hand-over record, when handed over; otherwise null (left out of the JSON)
 * @param receptionNumber the case's reception number a person can quote (e.g. 2026-000123), when handed over;
 *                        otherwise null (left out of the JSON)
 * @param notice          e.g. that the answer is only available in Japanese; may be empty
 * @param suggestions     when handed over because the concierge was unsure: entries of this city that may still help
 *                        (question and link), shown to the citizen while a person follows up; otherwise empty
 * @param choices         when {@code CLARIFY}: the 2–3 entries the question may be about; ask again with
 *                        {@code choice} = one of their ids (or {@code handover: true} for "none of these")
 * @param reason          why not answered: PERSON_REQUESTED, LOW_CONFIDENCE, NO_KNOWLEDGE, OUT_OF_SCOPE (another
 *                        municipality, or input addressed to the concierge itself), NOT_A_QUESTION (no words); null
 *                        (left out) when answered or clarifying
 * @param handoverOffered when {@code UNANSWERED}: whether the person may ask for a person ({@code handover: true})
 * @param followUrl       when a case was opened for a person who is not signed in and left an e-mail address: the
 *                        secret link to follow it (shown once); otherwise null
 */
public record ConciergeAnswer(String outcome, String language, String answer, List<ConciergeSource> sources,
                              double confidence, UUID handoverId, String receptionNumber, String notice,
                              List<ConciergeSource> suggestions, List<ConciergeSource> choices, String reason,
                              boolean handoverOffered, String followUrl) {
    public ConciergeAnswer {
        sources = sources == null ? List.of() : List.copyOf(sources);
        suggestions = suggestions == null ? List.of() : List.copyOf(suggestions);
        choices = choices == null ? List.of() : List.copyOf(choices);
    }

    public boolean clarifies() {
        return "CLARIFY".equals(outcome);
    }

    public boolean handedOver() {
        return handoverId != null;
    }
}
