package jp.kyodo.crm.citizens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import jp.kyodo.agents.programmes.EligibilityEngine;
import jp.kyodo.agents.programmes.EligibilityStatus;
import jp.kyodo.agents.programmes.Household;
import jp.kyodo.agents.programmes.MonthlyAmount;
import jp.kyodo.agents.programmes.ProgrammeEvaluation;
import jp.kyodo.agents.programmes.Role;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.CityStatus;
import org.junit.jupiter.api.Test;

class EligibilityHouseholdTest {

    static final City AMA = new City(UUID.randomUUID(), "282022", "尼崎市", "あまがさきし", "兵庫県", CityStatus.ACTIVE, null);
    static final LocalDate AS_OF = LocalDate.of(2026, 11, 22);
    static final EligibilityEngine ENGINE = new EligibilityEngine();

    static Profile profile(boolean singleParent, Long income, PersonFacts facts) {
        return new Profile("citizen-282022", "尼崎 太郎", "あまがさき たろう", LocalDate.of(1988, 6, 15), null, "兵庫県", "尼崎市",
                null, null, null, "ja", List.of("portal"), facts, singleParent, income, null);
    }

    static HouseholdMember member(Relationship r, LocalDate birth, PersonFacts facts) {
        return new HouseholdMember(UUID.randomUUID(), "家族", "かぞく", r, birth, false, facts);
    }

    static CitizenRecord record(Profile p, HouseholdMember... members) {
        return new CitizenRecord(p, List.of(members), List.of(), List.of());
    }

    static ProgrammeEvaluation evaluate(Household h, String name) {
        return ENGINE.evaluate(h, AS_OF).stream().filter(e -> e.programmeName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void theDemoFamilyGetsChildAllowance() {
        CitizenRecord r = record(profile(false, null, PersonFacts.NONE),
                member(Relationship.SPOUSE, LocalDate.of(1990, 9, 1), PersonFacts.NONE),
                member(Relationship.CHILD, LocalDate.of(2019, 5, 10), PersonFacts.NONE),
                member(Relationship.CHILD, LocalDate.of(2025, 3, 20), PersonFacts.NONE));
        Household h = EligibilityHousehold.of(r, AMA, Set.of());
        assertEquals("28", h.prefectureCode());
        assertEquals("282022", h.municipalityCode());
        assertEquals(4, h.members().size());
        assertEquals(2, h.members().stream().filter(p -> p.role() == Role.PARENT).count());
        assertEquals(2, h.members().stream().filter(p -> p.role() == Role.CHILD).count());
        ProgrammeEvaluation jido = evaluate(h, "児童手当");
        assertEquals(EligibilityStatus.ELIGIBLE, jido.status());
        // a child of 7 (10,000 yen) and one under 3 (15,000 yen)
        assertEquals(MonthlyAmount.exact(25_000), jido.amount());
        // two parents: not a single-parent household
        assertEquals(EligibilityStatus.NOT_ELIGIBLE, evaluate(h, "児童扶養手当").status());
    }

    @Test
    void childrenWithoutASpouseAreNotASingleParentUnlessSaid() {
        CitizenRecord unsaid = record(profile(false, 1_000_000L, PersonFacts.NONE),
                member(Relationship.CHILD, LocalDate.of(2017, 11, 11), PersonFacts.NONE));
        Household h = EligibilityHousehold.of(unsaid, AMA, Set.of("児童扶養手当"));
        assertTrue(h.members().stream().anyMatch(p -> p.id().equals(EligibilityHousehold.UNLISTED_PARTNER)));
        assertEquals(EligibilityStatus.NOT_ELIGIBLE, evaluate(h, "児童扶養手当").status());

        CitizenRecord said = record(profile(true, 1_000_000L, PersonFacts.NONE),
                member(Relationship.CHILD, LocalDate.of(2017, 11, 11), PersonFacts.NONE));
        Household single = EligibilityHousehold.of(said, AMA, Set.of("児童扶養手当"));
        assertFalse(single.members().stream().anyMatch(p -> p.id().equals(EligibilityHousehold.UNLISTED_PARTNER)));
        assertEquals(1_000_000L, single.incomesAfterDeductions().get("児童扶養手当"));
        assertEquals(EligibilityStatus.ELIGIBLE, evaluate(single, "児童扶養手当").status());
    }

    @Test
    void anUnknownIncomeStaysUnknown() {
        CitizenRecord r = record(profile(true, null, PersonFacts.NONE),
                member(Relationship.CHILD, LocalDate.of(2017, 11, 11), PersonFacts.NONE));
        Household h = EligibilityHousehold.of(r, AMA, Set.of("児童扶養手当"));
        assertTrue(h.incomesAfterDeductions().isEmpty());
        ProgrammeEvaluation e = evaluate(h, "児童扶養手当");
        assertEquals(EligibilityStatus.UNKNOWN, e.status());
        assertTrue(e.missingInputs().stream().anyMatch(m -> m.contains("所得")), e.missingInputs()::toString);
    }

    @Test
    void singleParentWithASpouseAndHandbooksAreMapped() {
        CitizenRecord r = record(profile(true, null, new PersonFacts(2, null, null, null)),
                member(Relationship.SPOUSE, LocalDate.of(1985, 1, 1), new PersonFacts(1, null, null, null)),
                member(Relationship.CHILD, LocalDate.of(2015, 1, 1), new PersonFacts(null, "A", 2, 6)),
                member(Relationship.PARENT, LocalDate.of(1955, 1, 1), PersonFacts.NONE));
        Household h = EligibilityHousehold.of(r, AMA, Set.of());
        assertTrue(h.singleParentDespiteSpouse());
        var child = h.members().stream().filter(p -> p.role() == Role.CHILD).findFirst().orElseThrow();
        assertEquals("A", child.disabilities().ryoikuHandbookGrade());
        assertEquals(2, child.disabilities().mentalHandbookGrade());
        assertEquals(6, child.schoolYear());
        assertEquals(Role.GRANDPARENT, h.members().get(3).role());
        assertEquals(2, h.members().get(0).disabilities().physicalHandbookGrade());
        List<ProgrammeEvaluation> all = new ArrayList<>(ENGINE.evaluate(h, AS_OF));
        assertFalse(all.isEmpty());
    }
}
