package jp.kyodo.crm.citizens;

import java.time.LocalDate;
import java.util.UUID;

/**
 * Another member of the citizen's household (世帯員).
 *
 * @param id           identifier
 * @param fullName     氏名
 * @param fullNameKana ふりがな
 * @param relationship 続柄 to the citizen
 * @param birthDate    生年月日, null when not given
 * @param actsFor      the citizen acts for this person (代理: a parent for a child)
 * @param facts        handbooks and school year
 */
public record HouseholdMember(UUID id, String fullName, String fullNameKana, Relationship relationship,
                              LocalDate birthDate, boolean actsFor, PersonFacts facts) {

    public String birthDateText() {
        return birthDate == null ? "" : JapaneseDates.format(birthDate);
    }
}
