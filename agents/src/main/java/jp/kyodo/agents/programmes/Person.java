package jp.kyodo.agents.programmes;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One member of a household (世帯員).
 *
 * <p>Age (年齢) and school year (学年, 小1 = 1 … 中1 = 7 … 高3 = 12, 13+ = after high school, 0 or less = before
 * primary school) are derived from {@code birthDate} as of the evaluation date. {@code age} / {@code schoolYear}
 * override the derived value when given (e.g. when only the age is known). A fact that is neither given nor
 * derivable is "unknown" and a rule that needs it yields status {@link EligibilityStatus#UNKNOWN}.
 *
 * @param id          identifier unique within the household
 * @param role        親 / 子 / 祖父母 / その他
 * @param birthDate   誕生年月日 (nullable)
 * @param age         年齢 override (nullable)
 * @param schoolYear  学年 override (nullable)
 * @param income      所得 in yen per year (nullable; for non-parents treated as 0 when absent)
 * @param disabilities handbooks (never null)
 */
public record Person(String id, Role role, LocalDate birthDate, Integer age, Integer schoolYear, Long income,
                     Disabilities disabilities) {

    public Person {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(role, "role");
        disabilities = disabilities == null ? Disabilities.NONE : disabilities;
    }

    public static Person of(String id, Role role, LocalDate birthDate) {
        return new Person(id, role, birthDate, null, null, null, Disabilities.NONE);
    }

    public static Person parent(String id, LocalDate birthDate) { return of(id, Role.PARENT, birthDate); }

    public static Person child(String id, LocalDate birthDate) { return of(id, Role.CHILD, birthDate); }

    public static Person grandparent(String id, LocalDate birthDate) { return of(id, Role.GRANDPARENT, birthDate); }

    public Person withAge(Integer v) { return new Person(id, role, birthDate, v, schoolYear, income, disabilities); }

    public Person withSchoolYear(Integer v) { return new Person(id, role, birthDate, age, v, income, disabilities); }

    public Person withIncome(Long v) { return new Person(id, role, birthDate, age, schoolYear, v, disabilities); }

    public Person withDisabilities(Disabilities v) { return new Person(id, role, birthDate, age, schoolYear, income, v); }
}
