package jp.kyodo.agents.programmes;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jp.kyodo.tenant.problem.ProblemException;

/**
 * A household as typed in "try this rule" or sent to the evaluation API.
 *
 * @param members      世帯員
 * @param singleParent 配偶者がいるがひとり親に該当 (a household with exactly one parent is single-parent anyway)
 * @param income       控除後世帯高所得 (円/年) used for every income basis; null = not given (rules needing it: 要確認)
 * @param incomes      the same per income basis (e.g. {"児童扶養手当": 1200000}); overrides {@code income}
 * @param asOf         evaluation date (null = today)
 * @param yaml         "try": an unsaved text to evaluate instead of the saved one (null = the newest saved version)
 */
public record HouseholdInput(List<Member> members, Boolean singleParent, Long income, Map<String, Long> incomes,
                             LocalDate asOf, String yaml) {

    /**
     * One member.
     *
     * @param role               parent, child, grandparent or other (or 親, 子, 祖父母, その他)
     * @param birthDate          誕生日
     * @param income             所得 (円/年)
     * @param physicalHandbook   身体障害者手帳 等級 1–7
     * @param ryoikuHandbook     療育手帳 A / B
     * @param ainoTecho          愛の手帳 度 1–4
     * @param mentalHandbook     精神障害者保健福祉手帳 等級 1–3
     * @param internalDisability 内部障害
     * @param cerebralPalsy      脳性まひ・進行性筋萎縮症
     */
    public record Member(String role, LocalDate birthDate, Long income, Integer physicalHandbook, String ryoikuHandbook,
                         Integer ainoTecho, Integer mentalHandbook, Boolean internalDisability, Boolean cerebralPalsy) { }

    /** The engine's household, resident in the given prefecture and municipality; a 400 problem when invalid. */
    public Household toHousehold(String prefectureCode, String municipalityCode, Set<String> incomeBases) {
        if (members == null || members.isEmpty()) {
            throw invalid("世帯員を1人以上入力してください", "at least one household member is needed");
        }
        if (members.size() > 20) {
            throw invalid("世帯員は20人までです", "at most 20 members");
        }
        List<Person> people = new ArrayList<>();
        int i = 1;
        for (Member m : members) {
            if (m == null) {
                throw invalid("世帯員 " + i + " が空です", "member " + i + " is empty");
            }
            Role role = role(m.role(), i);
            if (m.income() != null && m.income() < 0) {
                throw invalid("世帯員 " + i + " の所得は0以上で入力してください", "member " + i + ": income must be ≥ 0");
            }
            Disabilities d;
            try {
                d = new Disabilities(m.physicalHandbook(), m.ryoikuHandbook() == null ? null
                        : m.ryoikuHandbook().strip().toUpperCase(Locale.ROOT), m.ainoTecho(), m.mentalHandbook(),
                        Boolean.TRUE.equals(m.internalDisability()), Boolean.TRUE.equals(m.cerebralPalsy()));
            } catch (IllegalArgumentException e) {
                throw invalid("世帯員 " + i + " の障害者手帳の等級が範囲外です（身体1〜7級、療育A/B、愛の手帳1〜4度、精神1〜3級）",
                        "member " + i + ": " + e.getMessage());
            }
            people.add(new Person("m" + i, role, m.birthDate(), null, null, m.income(), d));
            i++;
        }
        Map<String, Long> byBasis = new LinkedHashMap<>();
        if (income != null) {
            if (income < 0) {
                throw invalid("所得は0以上で入力してください", "income must be ≥ 0");
            }
            incomeBases.forEach(b -> byBasis.put(b, income));
        }
        if (incomes != null) {
            byBasis.putAll(incomes);
        }
        return new Household("try", people, prefectureCode, municipalityCode, Boolean.TRUE.equals(singleParent), byBasis);
    }

    public LocalDate date() {
        return asOf == null ? LocalDate.now(java.time.ZoneId.of("Asia/Tokyo")) : asOf;
    }

    private static Role role(String s, int i) {
        if (s == null || s.isBlank()) {
            throw invalid("世帯員 " + i + " の続柄を選んでください", "member " + i + ": role is required");
        }
        return switch (s.strip().toLowerCase(Locale.ROOT)) {
            case "parent", "親" -> Role.PARENT;
            case "child", "子" -> Role.CHILD;
            case "grandparent", "祖父母" -> Role.GRANDPARENT;
            case "other", "その他" -> Role.OTHER;
            default -> throw invalid("世帯員 " + i + " の続柄は 親・子・祖父母・その他 のいずれかです", "member " + i + ": unknown role " + s);
        };
    }

    private static ProblemException invalid(String ja, String en) {
        return ProblemException.badRequest("invalid-household", ja, en);
    }
}
