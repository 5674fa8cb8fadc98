package jp.kyodo.crm.cases;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Resolves a case with the answer sent to the citizen, optionally proposing an FAQ improvement. */
public record Resolution(
        @NotBlank(message = "回答を入力してください") @Size(max = 4000, message = "回答は4000文字以内で入力してください") String answer,
        @Valid FaqProposalDraft faq) {
}
