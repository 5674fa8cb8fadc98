package jp.kyodo.crm.citizens;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import jp.kyodo.agents.programmes.Disabilities;
import jp.kyodo.agents.programmes.Household;
import jp.kyodo.agents.programmes.Person;
import jp.kyodo.agents.programmes.Role;
import jp.kyodo.tenant.City;

/** Maps a citizen record to the eligibility engine's {@link Household}. */
public final class EligibilityHousehold {

    /** Id of the citizen in the engine's household. */
    public static final String SELF = "self";
    /** Id of the second parent the citizen did not list (see {@link #of}). */
    public static final String UNLISTED_PARTNER = "unlisted-partner";

    private EligibilityHousehold() {
    }

    /**
     * The household as the engine sees it. The citizen and a spouse are parents (親), children are children (子), the
     * citizen's parents are grandparents (祖父母), everybody else "other". The residence is the city of the record.
     * The one income the citizen may give (控除後の所得) is used for every income basis named; none given = unknown.
     *
     * <p>The engine counts parents to decide ひとり親. A citizen with children who did not say they are a single parent
     * but listed no spouse is therefore given an unlisted second parent, so that nobody is told they are likely
     * eligible for a single-parent allowance they did not claim. A single parent who lists a spouse (e.g. a spouse
     * with a severe disability) is a single parent despite the spouse.
     */
    public static Household of(CitizenRecord record, City city, Collection<String> incomeBases) {
        Profile p = record.profile();
        List<Person> people = new ArrayList<>();
        people.add(person(SELF, Role.PARENT, p.birthDate(), p.facts()));
        boolean spouse = false;
        boolean children = false;
        for (HouseholdMember m : record.household()) {
            Role role = switch (m.relationship()) {
                case SPOUSE -> Role.PARENT;
                case CHILD -> Role.CHILD;
                case PARENT -> Role.GRANDPARENT;
                case GRANDPARENT, OTHER -> Role.OTHER;
            };
            spouse |= m.relationship() == Relationship.SPOUSE;
            children |= m.relationship() == Relationship.CHILD;
            people.add(person(m.id().toString(), role, m.birthDate(), m.facts()));
        }
        if (children && !spouse && !p.singleParent()) {
            people.add(Person.of(UNLISTED_PARTNER, Role.PARENT, null));
        }
        Household h = new Household(p.username(), people, city.prefectureCode(), city.code(),
                p.singleParent() && spouse, null);
        if (p.incomeAfterDeductions() != null) {
            for (String basis : incomeBases) {
                h = h.withIncome(basis, p.incomeAfterDeductions());
            }
        }
        return h;
    }

    private static Person person(String id, Role role, java.time.LocalDate birth, PersonFacts f) {
        Person person = Person.of(id, role, birth);
        if (f == null) {
            return person;
        }
        person = person.withDisabilities(new Disabilities(f.physicalHandbook(), f.ryoikuHandbook(), null,
                f.mentalHandbook(), false, false));
        return f.schoolYear() == null ? person : person.withSchoolYear(f.schoolYear());
    }
}
