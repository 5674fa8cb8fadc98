package jp.kyodo.crm.cases;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Hands a case to a department's queue (tier 3) with the mandatory hand-over note (引継ぎメモ). */
public record Escalation(
        @NotBlank(message = "引継ぎ先の窓口を選んでください") @Size(max = 40) String queueCode,
        @NotBlank(message = "引継ぎメモを入力してください") @Size(max = 4000, message = "引継ぎメモは4000文字以内で入力してください")
        String note) {
}
