package jp.kyodo.tenant.identity;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** What a city administrator gives to open an account in the city. */
public record NewMember(
        @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9._-]{2,62}", message = "ユーザー名は半角英小文字・数字・._- の3〜63文字です") String username,
        @NotBlank @Size(max = 50) String familyName,
        @NotBlank @Size(max = 50) String givenName,
        @NotBlank(message = "メールアドレスは必須です") @Email(message = "メールアドレスの形式が正しくありません") @Size(max = 200) String email,
        @NotBlank @Pattern(regexp = "citizen|operator|staff|city-admin", message = "役割は citizen, operator, staff, city-admin のいずれかです") String role,
        @Size(min = 8, max = 128, message = "パスワードは8文字以上です") String password,
        Boolean temporaryPassword) {
}
