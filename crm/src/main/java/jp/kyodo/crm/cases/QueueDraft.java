package jp.kyodo.crm.cases;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A queue the city adds or changes: its code, name, tier (2 operators, 3 a department) and department.
 * {@code defaultQueue} true makes it the default queue (tier 2 only), where inquiries go that no rule routes; false or
 * absent leaves the default where it is (a city always has exactly one).
 */
public record QueueDraft(
        @NotBlank(message = "窓口コードを入力してください")
        @Pattern(regexp = "[a-z0-9-]{0,40}", message = "窓口コードは英小文字・数字・ハイフン（40文字以内）です") String code,
        @NotBlank(message = "窓口名を入力してください") @Size(max = 100, message = "窓口名は100文字以内です") String name,
        @Min(value = 2, message = "階層は2（オペレーター）か3（担当課）です") @Max(value = 3, message = "階層は2（オペレーター）か3（担当課）です") int tier,
        @Size(max = 100, message = "担当課名は100文字以内です") String department,
        Boolean defaultQueue) {
}
