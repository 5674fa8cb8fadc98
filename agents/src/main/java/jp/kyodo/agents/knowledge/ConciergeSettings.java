package jp.kyodo.agents.knowledge;

import java.time.Duration;

/**
 * @param answerThreshold  minimum confidence to answer; below it the concierge hands over (default 0.80, chosen on
 *                         the dev split so that ≥ 97 % of out-of-scope questions are handed over)
 * @param passages         how many retrieved passages an {@link AnswerGenerator} receives
 * @param generatorTimeout upper bound for the LLM path; after it the retrieval answer is used
 */
public record ConciergeSettings(double answerThreshold, int passages, Duration generatorTimeout) {
    public ConciergeSettings {
        if (answerThreshold < 0 || answerThreshold > 1) {
            throw new IllegalArgumentException("answerThreshold must be in [0,1]");
        }
        passages = passages <= 0 ? 3 : passages;
        generatorTimeout = generatorTimeout == null ? Duration.ofSeconds(8) : generatorTimeout;
    }

    public static ConciergeSettings defaults() {
        return new ConciergeSettings(0.80, 3, Duration.ofSeconds(8));
    }

    public ConciergeSettings withGeneratorTimeout(Duration d) {
        return new ConciergeSettings(answerThreshold, passages, d);
    }

    public ConciergeSettings withThreshold(double t) {
        return new ConciergeSettings(t, passages, generatorTimeout);
    }
}
