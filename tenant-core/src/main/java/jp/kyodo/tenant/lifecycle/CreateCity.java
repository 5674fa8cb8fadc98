package jp.kyodo.tenant.lifecycle;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A vendor's request to onboard a city: the code and the first administrator's e-mail are
 * required; name and prefecture come from the municipality catalogue; the first administrator is
 * {@code admin-<code>} unless named, with a generated temporary password unless one is given.
 */
public record CreateCity(
        @NotBlank(message = "自治体コードは必須です") @Pattern(regexp = "\\d{6}", message = "自治体コードは6桁の数字です") String code,
        @Pattern(regexp = "[a-z0-9][a-z0-9._-]{2,62}", message = "ユーザー名は半角英小文字・数字・._- の3〜63文字です") String adminUsername,
        @NotBlank(message = "最初の管理者のメールアドレスは必須です") @Email(message = "メールアドレスの形式が正しくありません") @Size(max = 200) String adminEmail,
        @Size(min = 8, max = 128, message = "パスワードは8文字以上です") String adminPassword,
        @Pattern(regexp = "[a-z0-9.-]{1,200}", message = "ホスト名の形式が正しくありません") String portalHost) {
}
