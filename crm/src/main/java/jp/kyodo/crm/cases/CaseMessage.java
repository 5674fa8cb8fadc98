package jp.kyodo.crm.cases;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A message on a case: a reply to the citizen, an internal note, or the citizen's answer. */
public record CaseMessage(
        @NotBlank(message = "本文を入力してください") @Size(max = CaseMessage.MAX, message = "本文は4000文字以内で入力してください")
        String text) {

    public static final int MAX = 4000;
}
