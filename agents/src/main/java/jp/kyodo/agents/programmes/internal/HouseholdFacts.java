package jp.kyodo.agents.programmes.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jp.kyodo.agents.programmes.Disabilities;
import jp.kyodo.agents.programmes.Household;
import jp.kyodo.agents.programmes.Person;
import jp.kyodo.agents.programmes.Role;

/**
 * Facts of one household as of one date, in the shape rules see (CEL variables). Computed once per household and date
 * and shared by all programmes.
 */
public final class HouseholdFacts {

    private final Household household;
    private final LocalDate asOf;
    private final Map<String, Object> variables;

    private HouseholdFacts(Household household, LocalDate asOf, Map<String, Object> variables) {
        this.household = household;
        this.asOf = asOf;
        this.variables = variables;
    }

    /**
     * Derives the facts.
     *
     * @param dependantIncomeLimit 扶養親族となる所得の上限 in force on {@code asOf}: non-parents whose income is at or
     *                             below it count as dependants (扶養人数)
     */
    public static HouseholdFacts of(Household h, LocalDate asOf, long dependantIncomeLimit) {
        List<Map<String, Object>> persons = new ArrayList<>(h.members().size());
        List<Map<String, Object>> parents = new ArrayList<>();
        List<Person> childPersons = new ArrayList<>();
        List<Map<String, Object>> grandparents = new ArrayList<>();
        Map<Person, Map<String, Object>> byPerson = new HashMap<>();
        long dependants = 0;
        for (Person p : h.members()) {
            Map<String, Object> m = personMap(p, asOf);
            persons.add(m);
            byPerson.put(p, m);
            switch (p.role()) {
                case PARENT -> parents.add(m);
                case CHILD -> childPersons.add(p);
                case GRANDPARENT -> grandparents.add(m);
                default -> { }
            }
            if (p.role() != Role.PARENT) {
                long income = p.income() == null ? 0L : p.income();
                if (income <= dependantIncomeLimit) {
                    dependants++;
                }
            }
        }
        // children oldest first (出生順): by birth date, else by age (descending); stable for ties
        List<Person> sortedChildren = new ArrayList<>(childPersons);
        sortedChildren.sort(Comparator.comparingLong(c -> seniorityKey(c, asOf)));
        List<Map<String, Object>> children = new ArrayList<>(sortedChildren.size());
        for (Person c : sortedChildren) {
            children.add(byPerson.get(c));
        }
        Map<String, Object> vars = new HashMap<>();
        vars.put("asOf", asOf.toString());
        vars.put("persons", Collections.unmodifiableList(persons));
        vars.put("parents", Collections.unmodifiableList(parents));
        vars.put("children", Collections.unmodifiableList(children));
        vars.put("grandparents", Collections.unmodifiableList(grandparents));
        vars.put("singleParent", parents.size() == 1 || h.singleParentDespiteSpouse());
        vars.put("dependants", dependants);
        if (h.prefectureCode() != null) {
            vars.put("prefecture", h.prefectureCode());
        }
        if (h.municipalityCode() != null) {
            vars.put("municipality", h.municipalityCode());
        }
        return new HouseholdFacts(h, asOf, Collections.unmodifiableMap(vars));
    }

    private static long seniorityKey(Person p, LocalDate asOf) {
        if (p.birthDate() != null) {
            return p.birthDate().toEpochDay();
        }
        if (p.age() != null) {
            return asOf.minusYears(p.age()).toEpochDay(); // approximate birth date from the age
        }
        return Long.MAX_VALUE; // nothing known: youngest
    }

    static Map<String, Object> personMap(Person p, LocalDate asOf) {
        Map<String, Object> m = new HashMap<>();
        m.put("id", p.id());
        m.put("role", p.role().ruleName());
        Integer age = p.age() != null ? p.age() : p.birthDate() != null ? SchoolCalendar.age(p.birthDate(), asOf) : null;
        if (age != null) {
            m.put("age", (long) age);
        }
        Integer grade = p.schoolYear() != null ? p.schoolYear()
                : p.birthDate() != null ? SchoolCalendar.schoolYear(p.birthDate(), asOf) : null;
        if (grade != null) {
            m.put("grade", (long) grade);
        }
        if (p.birthDate() != null) {
            m.put("birthDate", p.birthDate().toString());
        }
        if (p.income() != null) {
            m.put("income", p.income());
        } else if (p.role() != Role.PARENT) {
            m.put("income", 0L);
        }
        Disabilities d = p.disabilities();
        m.put("physicalHandbook", d.physicalHandbookGrade() == null ? 0L : (long) d.physicalHandbookGrade());
        m.put("ryoikuHandbook", d.ryoikuHandbookGrade() == null ? "" : d.ryoikuHandbookGrade());
        m.put("ainoTecho", d.ainoTechoDegree() == null ? 0L : (long) d.ainoTechoDegree());
        m.put("mentalHandbook", d.mentalHandbookGrade() == null ? 0L : (long) d.mentalHandbookGrade());
        m.put("internalDisability", d.internalDisability());
        m.put("cerebralPalsy", d.cerebralPalsy());
        return Collections.unmodifiableMap(m);
    }

    public Household household() { return household; }

    public LocalDate asOf() { return asOf; }

    /** Household-level variables (without {@code income}, {@code p} and definitions, which depend on the programme). */
    public Map<String, Object> variables() { return variables; }
}
