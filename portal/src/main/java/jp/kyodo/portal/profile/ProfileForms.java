package jp.kyodo.portal.profile;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.kyodo.agents.programmes.Prefectures;
import jp.kyodo.crm.citizens.HouseholdMember;
import jp.kyodo.crm.citizens.MemberDraft;
import jp.kyodo.crm.citizens.PersonFacts;
import jp.kyodo.crm.citizens.Profile;
import jp.kyodo.crm.citizens.ProfileDraft;
import jp.kyodo.crm.citizens.Relationship;
import jp.kyodo.tenant.pages.Text;
import jp.kyodo.tenant.pages.Ui;

/** Reading the profile and household forms into drafts, and the forms' choices. */
final class ProfileForms {

    private ProfileForms() {
    }

    /** What a form held: the draft (when it could be read), the typed values and the errors found on the page. */
    record Parsed<T>(T draft, Map<String, String> values, Map<String, String> errors) {
    }

    static final List<String[]> LANGUAGES = List.of(new String[] {"ja", "日本語"}, new String[] {"en", "English"},
            new String[] {"zh", "中文"}, new String[] {"ko", "한국어"}, new String[] {"vi", "Tiếng Việt"},
            new String[] {"pt", "Português"}, new String[] {"es", "Español"}, new String[] {"tl", "Tagalog"},
            new String[] {"ne", "नेपाली"}, new String[] {"id", "Bahasa Indonesia"});

    /** The 47 prefectures by their Japanese names (the values stored; the names stay Japanese in every language). */
    static List<Ui.Option> prefectures(Text t) {
        List<Ui.Option> l = new ArrayList<>();
        l.add(option("", t.plain("profile.choose")));
        for (int i = 1; i <= 47; i++) {
            String n = Prefectures.nameOf(String.format("%02d", i)).orElseThrow();
            l.add(option(n, n));
        }
        return l;
    }

    /** The languages a citizen may prefer, each named in itself. */
    static List<Ui.Option> languages() {
        return LANGUAGES.stream().map(x -> option(x[0], x[1])).toList();
    }

    static String languageName(String code) {
        return LANGUAGES.stream().filter(x -> x[0].equals(code)).map(x -> x[1]).findFirst().orElse(code);
    }

    static List<Ui.Option> grades(Text t, int max) {
        List<Ui.Option> l = new ArrayList<>();
        l.add(option("", t.plain("profile.grade.none")));
        for (int i = 1; i <= max; i++) {
            l.add(option(String.valueOf(i), t.plain("profile.grade", i)));
        }
        return l;
    }

    static List<Ui.Option> ryoiku(Text t) {
        return List.of(option("", t.plain("profile.grade.none")), option("A", t.plain("profile.ryoiku.A")),
                option("B", t.plain("profile.ryoiku.B")));
    }

    static List<Ui.Option> schoolYears(Text t) {
        List<Ui.Option> l = new ArrayList<>();
        l.add(option("", t.plain("profile.schoolYear.auto")));
        for (int i = 1; i <= 16; i++) {
            l.add(option(String.valueOf(i), schoolYearLabel(t, i)));
        }
        return l;
    }

    static String schoolYearLabel(Text t, int i) {
        return i <= 6 ? t.plain("profile.schoolYear.elementary", i) : i <= 9 ? t.plain("profile.schoolYear.junior", i - 6)
                : i <= 12 ? t.plain("profile.schoolYear.high", i - 9) : t.plain("profile.schoolYear.university", i - 12);
    }

    static List<Ui.Option> relationships(Text t) {
        List<Ui.Option> l = new ArrayList<>();
        l.add(option("", t.plain("profile.choose")));
        for (Relationship r : Relationship.values()) {
            l.add(option(r.code(), t.plain(relationshipKey(r))));
        }
        return l;
    }

    static String relationshipKey(Relationship r) {
        return switch (r) {
            case SPOUSE -> "household.relationship.spouse";
            case CHILD -> "household.relationship.child";
            case PARENT -> "household.relationship.parent";
            case GRANDPARENT -> "household.relationship.grandparent";
            case OTHER -> "household.relationship.other";
        };
    }

    static List<Ui.Option> actsFor(Text t) {
        return List.of(option("", t.plain("household.actsFor.auto")), option("true", t.plain("household.actsFor.true")),
                option("false", t.plain("household.actsFor.false")));
    }

    private static Ui.Option option(String value, String label) {
        return new Ui.Option(value, Ui.text(label), false);
    }

    /** Messages of the page itself (the record's validation has the others); their words are in the bundle. */
    static final String INCOME_FORMAT = "所得は「2500000」のように数字（円）で入力してください（わからない場合は空欄）。";
    static final String CHOOSE = "一覧から選んでください。";

    static final String[] PROFILE_FIELDS = {"fullName", "fullNameKana", "birthDate", "postalCode", "prefecture",
        "municipality", "street", "phone", "email", "language", "emailNotifications", "singleParent",
        "incomeAfterDeductions", "physicalHandbook", "ryoikuHandbook", "mentalHandbook", "schoolYear"};

    static final String[] MEMBER_FIELDS = {"fullName", "fullNameKana", "relationship", "birthDate", "actsFor",
        "physicalHandbook", "ryoikuHandbook", "mentalHandbook", "schoolYear"};

    static Parsed<ProfileDraft> profile(Map<String, List<String>> form) {
        Map<String, String> values = values(form, PROFILE_FIELDS);
        Map<String, String> errors = new LinkedHashMap<>();
        Long income = null;
        String typedIncome = values.get("incomeAfterDeductions");
        if (!typedIncome.isBlank()) {
            String digits = Normalizer.normalize(typedIncome, Normalizer.Form.NFKC).replaceAll("[,，円\\s]", "");
            if (digits.matches("[0-9]{1,11}")) {
                income = Long.parseLong(digits);
            } else {
                errors.put("incomeAfterDeductions", INCOME_FORMAT);
            }
        }
        ProfileDraft d = new ProfileDraft(values.get("fullName"), values.get("fullNameKana"), values.get("birthDate"),
                values.get("postalCode"), values.get("prefecture"), values.get("municipality"), values.get("street"),
                values.get("phone"), values.get("email"), values.get("language"),
                "true".equals(values.get("emailNotifications")), integer(values, "physicalHandbook", errors),
                values.get("ryoikuHandbook"), integer(values, "mentalHandbook", errors),
                integer(values, "schoolYear", errors), "true".equals(values.get("singleParent")), income);
        return new Parsed<>(d, values, errors);
    }

    static Parsed<MemberDraft> member(Map<String, List<String>> form) {
        Map<String, String> values = values(form, MEMBER_FIELDS);
        Map<String, String> errors = new LinkedHashMap<>();
        String acts = values.get("actsFor");
        MemberDraft d = new MemberDraft(values.get("fullName"), values.get("fullNameKana"), values.get("relationship"),
                values.get("birthDate"), acts.isBlank() ? null : Boolean.valueOf(acts),
                integer(values, "physicalHandbook", errors), values.get("ryoikuHandbook"),
                integer(values, "mentalHandbook", errors), integer(values, "schoolYear", errors));
        return new Parsed<>(d, values, errors);
    }

    static Map<String, String> values(Profile p) {
        Map<String, String> v = new LinkedHashMap<>();
        if (p == null) {
            v.put("language", "ja");
            return v;
        }
        v.put("fullName", p.fullName());
        v.put("fullNameKana", p.fullNameKana());
        v.put("birthDate", p.birthDate() == null ? "" : p.birthDate().toString());
        v.put("postalCode", n(p.postalCode()));
        v.put("prefecture", n(p.prefecture()));
        v.put("municipality", n(p.municipality()));
        v.put("street", n(p.street()));
        v.put("phone", n(p.phone()));
        v.put("email", n(p.email()));
        v.put("language", p.language());
        v.put("emailNotifications", String.valueOf(p.channels().contains("email")));
        v.put("singleParent", String.valueOf(p.singleParent()));
        v.put("incomeAfterDeductions", p.incomeAfterDeductions() == null ? "" : String.valueOf(p.incomeAfterDeductions()));
        facts(v, p.facts());
        return v;
    }

    static Map<String, String> values(HouseholdMember m) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("fullName", m.fullName());
        v.put("fullNameKana", m.fullNameKana());
        v.put("relationship", m.relationship().code());
        v.put("birthDate", m.birthDate() == null ? "" : m.birthDate().toString());
        v.put("actsFor", String.valueOf(m.actsFor()));
        facts(v, m.facts());
        return v;
    }

    private static void facts(Map<String, String> v, PersonFacts f) {
        v.put("physicalHandbook", f.physicalHandbook() == null ? "" : String.valueOf(f.physicalHandbook()));
        v.put("ryoikuHandbook", n(f.ryoikuHandbook()));
        v.put("mentalHandbook", f.mentalHandbook() == null ? "" : String.valueOf(f.mentalHandbook()));
        v.put("schoolYear", f.schoolYear() == null ? "" : String.valueOf(f.schoolYear()));
    }

    private static Map<String, String> values(Map<String, List<String>> form, String[] fields) {
        Map<String, String> v = new LinkedHashMap<>();
        for (String f : fields) {
            List<String> l = form.get(f);
            v.put(f, l == null || l.isEmpty() || l.get(0) == null ? "" : l.get(0));
        }
        return v;
    }

    private static Integer integer(Map<String, String> values, String name, Map<String, String> errors) {
        String s = values.get(name).strip();
        if (s.isEmpty()) {
            return null;
        }
        try {
            return Integer.valueOf(s);
        } catch (NumberFormatException e) {
            errors.put(name, CHOOSE);
            return null;
        }
    }

    private static String n(String s) {
        return s == null ? "" : s;
    }

    /** The handbooks and school year of a person in the page's words, or "none". */
    static String factsText(Text t, PersonFacts f) {
        List<String> l = new ArrayList<>();
        if (f.physicalHandbook() != null) {
            l.add(t.plain("profile.facts.physical", f.physicalHandbook()));
        }
        if (f.ryoikuHandbook() != null) {
            l.add(t.plain("profile.facts.ryoiku", f.ryoikuHandbook()));
        }
        if (f.mentalHandbook() != null) {
            l.add(t.plain("profile.facts.mental", f.mentalHandbook()));
        }
        if (f.schoolYear() != null) {
            l.add(schoolYearLabel(t, f.schoolYear()));
        }
        return l.isEmpty() ? t.plain("profile.grade.none") : String.join(t.plain("profile.facts.separator"), l);
    }
}
