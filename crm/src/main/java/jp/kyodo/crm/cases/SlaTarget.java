package jp.kyodo.crm.cases;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * The city's response target (対応期限) for one priority, in minutes from reception, and how many minutes before it
 * a case is warned about ({@code warnBeforeMinutes}; null = the default rule of {@link SlaRules}).
 */
public record SlaTarget(
        @NotNull(message = "優先度を指定してください") Priority priority,
        @Min(value = 5, message = "対応期限は5分以上にしてください")
        @Max(value = 525600, message = "対応期限は525600分（365日）以内にしてください") int responseMinutes,
        @Min(value = 1, message = "事前の警告は1分以上にしてください（空欄で自動）")
        @Max(value = 525600, message = "事前の警告は525600分以内にしてください") Integer warnBeforeMinutes) {
}
