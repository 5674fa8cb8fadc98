package jp.kyodo.agents.programmes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A household (世帯) as seen by the eligibility engine.
 *
 * @param id                       identifier (for reports only)
 * @param members                  世帯員 in any order
 * @param prefectureCode           居住都道府県 as a JIS X 0401 code ("13" = 東京都); nullable = unknown
 * @param municipalityCode         居住市区町村 as a 全国地方公共団体コード (6 digits, e.g. "131016"); nullable = unknown
 * @param singleParentDespiteSpouse 配偶者がいるがひとり親に該当 (e.g. spouse with severe disability, DV protection order)
 * @param incomesAfterDeductions   the household's highest member income after the deductions of one programme family
 *                                 (控除後世帯高所得), keyed by the income basis a rule declares (e.g. "児童扶養手当");
 *                                 a missing key means "income not given" and rules that need it yield UNKNOWN
 */
public record Household(String id, List<Person> members, String prefectureCode, String municipalityCode,
                        boolean singleParentDespiteSpouse, Map<String, Long> incomesAfterDeductions) {

    public Household {
        Objects.requireNonNull(members, "members");
        members = List.copyOf(members);
        incomesAfterDeductions = incomesAfterDeductions == null ? Map.of() : Map.copyOf(incomesAfterDeductions);
    }

    public static Household of(String id, List<Person> members) {
        return new Household(id, members, null, null, false, Map.of());
    }

    public Household withResidence(String prefecture, String municipality) {
        return new Household(id, members, prefecture, municipality, singleParentDespiteSpouse, incomesAfterDeductions);
    }

    public Household withSingleParentDespiteSpouse(boolean v) {
        return new Household(id, members, prefectureCode, municipalityCode, v, incomesAfterDeductions);
    }

    /** Returns a copy with the income after deductions for one income basis (e.g. "児童扶養手当"). */
    public Household withIncome(String basis, long yen) {
        Map<String, Long> m = new LinkedHashMap<>(incomesAfterDeductions);
        m.put(basis, yen);
        return new Household(id, members, prefectureCode, municipalityCode, singleParentDespiteSpouse, m);
    }

    public Household withMember(Person p) {
        List<Person> l = new ArrayList<>(members);
        l.add(p);
        return new Household(id, l, prefectureCode, municipalityCode, singleParentDespiteSpouse, incomesAfterDeductions);
    }
}
