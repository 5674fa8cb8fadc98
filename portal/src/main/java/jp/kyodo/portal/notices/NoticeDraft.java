package jp.kyodo.portal.notices;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** What staff write to create or change a notice. */
public record NoticeDraft(
        @NotBlank(message = "件名は必須です") @Size(max = 200, message = "件名は200文字以内です") String title,
        @NotBlank(message = "本文は必須です") @Size(max = 20000, message = "本文は20000文字以内です") String body,
        @Pattern(regexp = "general|emergency|event|procedure", message = "分類は general, emergency, event, procedure のいずれかです") String category,
        boolean published) {
}
