package jp.kyodo.crm.citizens;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * The 基本4情報 of a citizen as their My Number card gave them at a sign-in through the デジタル認証アプリ, recorded on
 * their record in this city, and how sure the city is of them.
 *
 * @param fullName         氏名 as on the card
 * @param address          住所 as on the card (one line)
 * @param birthDate        生年月日, null when the card's value could not be read as a date
 * @param gender           性別 code as the card gave it ({@code 1} male, {@code 2} female, {@code 9} not applicable)
 * @param assuranceLevel   {@link #CARD_VERIFIED}
 * @param acr              the authentication context class the app reported (e.g. {@code aal3}), may be null
 * @param identityProvider the Keycloak identity provider of the sign-in
 * @param verifiedAt       when this city last recorded it
 */
public record VerifiedIdentity(String fullName, String address, LocalDate birthDate, String gender, String assuranceLevel,
                               String acr, String identityProvider, OffsetDateTime verifiedAt) {

    /** The assurance level of a My Number card sign-in. */
    public static final String CARD_VERIFIED = "card-verified";

    /** The date of birth in 和暦 and 西暦, or an empty string. */
    public String birthDateText() {
        return birthDate == null ? "" : JapaneseDates.format(birthDate);
    }
}
