package jp.kyodo.agents.concierge;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A question to the concierge.
 *
 * @param question what the person asks, in any of ja/en/zh/ko/vi (at most 2,000 characters)
 * @param language optional: the language the person uses on the page (ja, en, zh, ko, vi); the concierge detects the
 *                 question's language itself, this is only recorded when it cannot tell
 */
public record ConciergeQuestion(
        @NotBlank(message = "質問を入力してください") @Size(max = ConciergeQuestion.MAX_LENGTH, message = "質問は2000文字以内です") String question,
        @Pattern(regexp = "ja|en|zh|ko|vi", message = "言語は ja, en, zh, ko, vi のいずれかです") String language) {

    public static final int MAX_LENGTH = 2000;
}
