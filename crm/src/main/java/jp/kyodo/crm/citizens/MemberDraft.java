package jp.kyodo.crm.citizens;

/**
 * What a citizen sends to add or change a household member.
 *
 * @param relationship {@code spouse}, {@code child}, {@code parent}, {@code grandparent} or {@code other}
 * @param birthDate    {@code yyyy-MM-dd}, blank = not given
 * @param actsFor      the citizen acts for this person; null = the default (yes for a child under 18)
 */
public record MemberDraft(String fullName, String fullNameKana, String relationship, String birthDate, Boolean actsFor,
                          Integer physicalHandbook, String ryoikuHandbook, Integer mentalHandbook, Integer schoolYear) {
}
