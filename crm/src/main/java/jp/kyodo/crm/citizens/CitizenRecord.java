package jp.kyodo.crm.citizens;

import java.util.List;

/**
 * Everything the city knows from a citizen about themselves: profile, household and consents.
 *
 * @param profile        the profile
 * @param household      the other members of the household, in the order they were added
 * @param consents       the current state of each purpose the citizen ever answered
 * @param consentHistory every consent event, newest first
 */
public record CitizenRecord(Profile profile, List<HouseholdMember> household, List<Consent> consents,
                            List<Consent> consentHistory) {

    public CitizenRecord {
        household = List.copyOf(household);
        consents = List.copyOf(consents);
        consentHistory = List.copyOf(consentHistory);
    }

    /** True when the latest answer for the purpose is "given". */
    public boolean consented(ConsentPurpose purpose) {
        return consents.stream().anyMatch(c -> c.purpose().equals(purpose.code()) && c.given());
    }
}
