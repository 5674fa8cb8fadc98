package jp.kyodo.crm.cases;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** The city's response target (対応期限) for one priority, in minutes from reception. */
public record SlaTarget(@NotNull Priority priority, @Min(5) @Max(525600) int responseMinutes) {
}
