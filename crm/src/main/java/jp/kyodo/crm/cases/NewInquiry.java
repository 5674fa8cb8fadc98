package jp.kyodo.crm.cases;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A citizen's inquiry from the web form (問い合わせフォーム). */
public record NewInquiry(
        @NotBlank(message = "分類を選んでください")
        @Pattern(regexp = "procedures|childcare|tax|insurance|welfare|waste|other", message = "分類を一覧から選んでください")
        String category,
        @NotBlank(message = "件名を入力してください") @Size(max = NewInquiry.SUBJECT_MAX, message = "件名は100文字以内で入力してください")
        String subject,
        @NotBlank(message = "お問い合わせ内容を入力してください")
        @Size(max = NewInquiry.MESSAGE_MAX, message = "お問い合わせ内容は4000文字以内で入力してください")
        String message) {

    public static final int SUBJECT_MAX = 100;
    public static final int MESSAGE_MAX = 4000;
}
