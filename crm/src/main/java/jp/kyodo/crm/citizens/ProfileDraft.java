package jp.kyodo.crm.citizens;

/**
 * What a citizen sends to create or change their profile. Text as typed: {@link CitizenValidation} normalises it
 * (full-width digits, spaces) and answers every problem per field in Japanese.
 *
 * @param birthDate          {@code yyyy-MM-dd}, blank = not given
 * @param emailNotifications also send notifications by e-mail (the portal inbox always receives them)
 * @param incomeAfterDeductions 控除後の所得 (yen per year), null = unknown
 */
public record ProfileDraft(String fullName, String fullNameKana, String birthDate, String postalCode, String prefecture,
                           String municipality, String street, String phone, String email, String language,
                           Boolean emailNotifications, Integer physicalHandbook, String ryoikuHandbook,
                           Integer mentalHandbook, Integer schoolYear, Boolean singleParent,
                           Long incomeAfterDeductions) {
}
