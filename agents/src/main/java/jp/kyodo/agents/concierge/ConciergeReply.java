package jp.kyodo.agents.concierge;

import jp.kyodo.agents.knowledgebase.TenantId;
import jp.kyodo.agents.retrieval.SourceRef;
import java.util.List;

/**
 * The concierge's reply to one question.
 *
 * @param outcome          answered, or handed over to a person
 * @param tenant           the tenant whose knowledge was used
 * @param language         detected language of the question (ja, en, zh, ko, vi)
 * @param text             the answer (an entry's answer as written, or a generated answer citing the sources), or
 *                         the hand-over message in the question's language
 * @param answerLanguage   language of {@code text}
 * @param sources          the entries the answer comes from; never empty when answered
 * @param confidence       in [0,1]
 * @param handoverReason   why a person is needed; null when answered
 * @param related          entries an operator may find useful when handed over (not shown as an answer)
 * @param generatedBy      the LLM that wrote the answer, or null for a retrieval answer
 * @param notice           e.g. that the answer is only available in Japanese; may be empty
 * @param choices          when {@link Outcome#CLARIFY}: the two or three entries the question may be about, for the
 *                         person to choose from ({@link Concierge#choose}); otherwise empty
 */
public record ConciergeReply(Outcome outcome, TenantId tenant, String language, String text, String answerLanguage,
                             List<SourceRef> sources, double confidence, HandoverReason handoverReason,
                             List<SourceRef> related, String generatedBy, String notice, long tookMillis,
                             List<SourceRef> choices) {
    /** ANSWERED; CLARIFY = "which of these do you mean?" with {@link #choices}; HANDOVER = a person is needed. */
    public enum Outcome { ANSWERED, CLARIFY, HANDOVER }

    /**
     * Why the concierge did not answer: the person asked for a person; it was unsure; nothing matched; the question
     * is about another municipality or addressed to the concierge itself — its rules, prompt, other tenants' data,
     * code ({@code OUT_OF_SCOPE}); or the input holds no words at all (emoji, punctuation).
     */
    public enum HandoverReason { PERSON_REQUESTED, LOW_CONFIDENCE, NO_KNOWLEDGE, OUT_OF_SCOPE, NOT_A_QUESTION }

    public ConciergeReply(Outcome outcome, TenantId tenant, String language, String text, String answerLanguage,
                          List<SourceRef> sources, double confidence, HandoverReason handoverReason,
                          List<SourceRef> related, String generatedBy, String notice, long tookMillis) {
        this(outcome, tenant, language, text, answerLanguage, sources, confidence, handoverReason, related, generatedBy,
                notice, tookMillis, List.of());
    }

    public ConciergeReply {
        sources = List.copyOf(sources);
        related = related == null ? List.of() : List.copyOf(related);
        if (outcome == Outcome.ANSWERED && sources.isEmpty()) {
            throw new IllegalArgumentException("an answer needs at least one source");
        }
        if (outcome == Outcome.HANDOVER && handoverReason == null) {
            throw new IllegalArgumentException("a hand-over needs a reason");
        }
        notice = notice == null ? "" : notice;
        choices = choices == null ? List.of() : List.copyOf(choices);
        if (outcome == Outcome.CLARIFY && choices.size() < 2) {
            throw new IllegalArgumentException("a clarification offers at least two choices");
        }
    }

    public boolean clarifies() {
        return outcome == Outcome.CLARIFY;
    }

    public boolean answered() {
        return outcome == Outcome.ANSWERED;
    }

    /** How many related entries a low-confidence hand-over offers the citizen. */
    public static final int SUGGESTIONS = 3;

    /**
     * Entries the citizen may find useful while a person takes over: the first {@value #SUGGESTIONS} related entries
     * when the concierge handed over because it was unsure ({@link HandoverReason#LOW_CONFIDENCE}); empty when the
     * citizen asked for a person, when nothing matched, and when answered.
     */
    public List<SourceRef> suggestions() {
        if (outcome != Outcome.HANDOVER || handoverReason != HandoverReason.LOW_CONFIDENCE) {
            return List.of();
        }
        return related.subList(0, Math.min(SUGGESTIONS, related.size()));
    }
}
