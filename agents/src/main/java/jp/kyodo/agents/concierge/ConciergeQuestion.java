package jp.kyodo.agents.concierge;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A question to the concierge.
 *
 * @param question     what the person asks, in any of ja/en/zh/ko/vi (at most 2,000 characters)
 * @param language     optional: the language the person uses on the page (ja, en, zh, ko, vi); the concierge detects
 *                     the question's language itself, this is only recorded when it cannot tell
 * @param choice       optional: the id of the entry the person chose from a "which of these?" reply (the question is
 *                     then the one that was asked); answered with that entry
 * @param handover     optional: {@code true} = the person asks for a person to follow this question up (after the
 *                     concierge could not answer, "none of these", or an answer that did not help): a case opens
 *                     unless the input has no words or is about another municipality; nothing else opens a case,
 *                     except a question that itself asks for a person
 * @param contactName  optional name for the case (a person who is not signed in)
 * @param contactEmail how a person who is not signed in can be answered: an e-mail address, or
 * @param contactPhone a telephone number
 */
public record ConciergeQuestion(
        @NotBlank(message = "質問を入力してください") @Size(max = ConciergeQuestion.MAX_LENGTH, message = "質問は2000文字以内です") String question,
        @Pattern(regexp = "ja|en|zh|ko|vi", message = "言語は ja, en, zh, ko, vi のいずれかです") String language,
        @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}", message = "選択肢が正しくありません") String choice,
        Boolean handover,
        @Size(max = 100, message = "お名前は100文字以内です") String contactName,
        @Size(max = 254, message = "メールアドレスは254文字以内です")
        @Pattern(regexp = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+", message = "メールアドレスの形式が正しくありません") String contactEmail,
        @Pattern(regexp = "[0-9０-９+()（） -]{6,30}", message = "電話番号の形式が正しくありません") String contactPhone) {

    public static final int MAX_LENGTH = 2000;

    public boolean wantsPerson() {
        return Boolean.TRUE.equals(handover);
    }

    public boolean hasContact() {
        return contactEmail != null && !contactEmail.isBlank() || contactPhone != null && !contactPhone.isBlank();
    }
}
