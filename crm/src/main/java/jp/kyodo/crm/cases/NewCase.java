package jp.kyodo.crm.cases;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A contact an operator logs (a phone call, a counter visit, an e-mail): the notes or transcript, and who it was —
 * a citizen's user name in this city, or a contact name/e-mail/phone for someone without an account.
 */
public record NewCase(
        @NotNull(message = "受付チャネルを選んでください") Channel channel,
        @NotBlank(message = "分類を選んでください")
        @Pattern(regexp = "procedures|childcare|tax|insurance|welfare|waste|other", message = "分類を一覧から選んでください")
        String category,
        @NotBlank(message = "件名を入力してください") @Size(max = 100, message = "件名は100文字以内で入力してください") String subject,
        @NotBlank(message = "内容（通話メモ・相談内容）を入力してください")
        @Size(max = 8000, message = "内容は8000文字以内で入力してください") String notes,
        Priority priority,
        @Size(max = 100, message = "ユーザー名は100文字以内です") String citizenUsername,
        @Size(max = 100, message = "お名前は100文字以内です") String contactName,
        @Email(message = "メールアドレスの形式が正しくありません") @Size(max = 200) String contactEmail,
        @Pattern(regexp = "[0-9+\\-() ]{0,20}", message = "電話番号は数字とハイフンで入力してください") String contactPhone) {
}
