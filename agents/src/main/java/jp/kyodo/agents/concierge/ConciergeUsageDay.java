package jp.kyodo.agents.concierge;

import java.time.LocalDate;

/**
 * The concierge's use by the city on one day (Japan time).
 *
 * @param tokensIn  model (LLM) prompt tokens that day; 0 for a city without a model
 * @param tokensOut model completion tokens that day
 */
public record ConciergeUsageDay(LocalDate day, int questions, int answered, int handedOver, long tokensIn,
                                long tokensOut) {
}
