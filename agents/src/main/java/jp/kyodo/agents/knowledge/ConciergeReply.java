package jp.kyodo.agents.knowledge;

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
 */
public record ConciergeReply(Outcome outcome, TenantId tenant, String language, String text, String answerLanguage,
                             List<SourceRef> sources, double confidence, HandoverReason handoverReason,
                             List<SourceRef> related, String generatedBy, String notice, long tookMillis) {
    public enum Outcome { ANSWERED, HANDOVER }

    public enum HandoverReason { PERSON_REQUESTED, LOW_CONFIDENCE, NO_KNOWLEDGE }

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
