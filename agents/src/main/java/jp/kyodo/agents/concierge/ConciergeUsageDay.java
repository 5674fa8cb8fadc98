package jp.kyodo.agents.concierge;

import java.time.LocalDate;

/**
 * The concierge's use by the city on one day (Japan time).
 *
 * @param answered  answered directly
 * @param clarified "which of these?" replies (choices offered)
 * @param chosen    answers given after the person chose one of the choices (not in {@code answered})
 * @param handedOver cases opened for a person
 * @param tokensIn  model (LLM) prompt tokens that day; 0 for a city without a model
 * @param tokensOut model completion tokens that day
 */
public record ConciergeUsageDay(LocalDate day, int questions, int answered, int handedOver, long tokensIn,
                                long tokensOut, int clarified, int chosen) {
}
