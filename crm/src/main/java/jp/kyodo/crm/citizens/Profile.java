package jp.kyodo.crm.citizens;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A citizen's own profile in the current city.
 *
 * @param username              Keycloak user name (the key)
 * @param fullName              氏名 (kanji)
 * @param fullNameKana          ふりがな
 * @param birthDate             生年月日, null when not given
 * @param postalCode            郵便番号 {@code 123-4567}
 * @param prefecture            都道府県
 * @param municipality          市区町村
 * @param street                町名・番地・建物
 * @param phone                 電話番号
 * @param email                 メールアドレス
 * @param language              preferred language (ja, en, …)
 * @param channels              preferred channels: always {@code portal}, plus {@code email} when chosen
 * @param facts                 the citizen's own disability handbooks and school year
 * @param singleParent          ひとり親 (the citizen raises children without a spouse, or with one who counts as absent)
 * @param incomeAfterDeductions 控除後の所得 (yen per year), null = unknown
 * @param updatedAt             last change
 */
public record Profile(String username, String fullName, String fullNameKana, LocalDate birthDate, String postalCode,
                      String prefecture, String municipality, String street, String phone, String email,
                      String language, List<String> channels, PersonFacts facts, boolean singleParent,
                      Long incomeAfterDeductions, OffsetDateTime updatedAt) {

    /** The date of birth in 和暦 and 西暦, or an empty string. */
    public String birthDateText() {
        return birthDate == null ? "" : JapaneseDates.format(birthDate);
    }

    public boolean wantsEmail() {
        return channels.contains("email") && email != null && !email.isBlank();
    }
}
