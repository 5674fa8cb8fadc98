package jp.kyodo.crm.applications.internal;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.kyodo.crm.applications.ProcedureDefinition;
import jp.kyodo.crm.applications.ProcedureDefinition.Field;
import jp.kyodo.crm.applications.ProcedureDefinition.Section;
import jp.kyodo.crm.citizens.CitizenRecords;
import jp.kyodo.crm.citizens.HouseholdMember;
import jp.kyodo.crm.citizens.Profile;
import jp.kyodo.crm.citizens.Relationship;

/**
 * Fills a new application from what the city knows (事前入力): the citizen's profile, the household member it is
 * about, and one row per household member for a repeating section. Each filled value remembers its source
 * ({@code profile}, {@code household}), shown next to the field.
 */
public final class Prefill {

    /** The values and, per key, where each came from. */
    public record Filled(Map<String, String> answers, Map<String, String> sources) {
    }

    private Prefill() {
    }

    /** True when the form takes values from the household (then the pre-fill needs it read). */
    public static boolean needsHousehold(ProcedureDefinition d) {
        return d.subject() == ProcedureDefinition.Subject.MEMBER
                || d.sections().stream().anyMatch(s -> s.repeats() && s.repeat().prefill() != null);
    }

    public static Filled of(ProcedureDefinition d, CitizenRecords.FormSource record, HouseholdMember subject) {
        Map<String, String> answers = new LinkedHashMap<>();
        Map<String, String> sources = new LinkedHashMap<>();
        Profile p = record == null ? null : record.profile();
        for (Section s : d.sections()) {
            if (s.repeats()) {
                List<HouseholdMember> rows = record == null || s.repeat().prefill() == null ? List.of()
                        : record.household().stream().filter(m -> !"household.children".equals(s.repeat().prefill())
                        || m.relationship() == Relationship.CHILD && m.actsFor()).limit(s.repeat().max()).toList();
                for (int i = 0; i < rows.size(); i++) {
                    for (Field f : s.fields()) {
                        put(answers, sources, s.id() + "[" + i + "]." + f.id(), value(f.prefill(), p, rows.get(i)), "household");
                    }
                }
            } else {
                for (Field f : s.fields()) {
                    String prefill = f.prefill();
                    if (prefill == null) {
                        continue;
                    }
                    put(answers, sources, s.id() + "." + f.id(), value(prefill, p, subject),
                            prefill.startsWith("member.") ? "household" : "profile");
                }
            }
        }
        return new Filled(answers, sources);
    }

    private static void put(Map<String, String> answers, Map<String, String> sources, String key, String value,
                            String source) {
        if (value != null && !value.isBlank()) {
            answers.put(key, value);
            sources.put(key, source);
        }
    }

    static String value(String source, Profile p, HouseholdMember m) {
        if (source == null) {
            return null;
        }
        if (source.startsWith("member.")) {
            if (m == null) {
                return null;
            }
            return switch (source) {
                case "member.fullName" -> m.fullName();
                case "member.fullNameKana" -> m.fullNameKana();
                case "member.birthDate" -> date(m.birthDate());
                case "member.relationship" -> m.relationship() == null ? null : m.relationship().label();
                default -> null;
            };
        }
        if (p == null) {
            return null;
        }
        return switch (source) {
            case "profile.fullName" -> p.fullName();
            case "profile.fullNameKana" -> p.fullNameKana();
            case "profile.birthDate" -> date(p.birthDate());
            case "profile.postalCode" -> p.postalCode();
            case "profile.address" -> join(p.prefecture(), p.municipality(), p.street());
            case "profile.phone" -> p.phone();
            case "profile.email" -> p.email();
            case "profile.incomeAfterDeductions" -> p.incomeAfterDeductions() == null ? null
                    : p.incomeAfterDeductions().toString();
            case "profile.singleParent" -> p.singleParent() ? "yes" : "no";
            default -> null;
        };
    }

    private static String date(LocalDate d) {
        return d == null ? null : d.toString();
    }

    private static String join(String... parts) {
        StringBuilder b = new StringBuilder();
        for (String s : parts) {
            if (s != null && !s.isBlank()) {
                b.append(s.strip());
            }
        }
        return b.isEmpty() ? null : b.toString();
    }
}
