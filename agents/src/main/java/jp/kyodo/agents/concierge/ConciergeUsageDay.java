package jp.kyodo.agents.concierge;

import java.time.LocalDate;

/** The concierge's use by the city on one day (Japan time). */
public record ConciergeUsageDay(LocalDate day, int questions, int answered, int handedOver) {
}
