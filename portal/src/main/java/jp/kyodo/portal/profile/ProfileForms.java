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

    static List<String[]> prefectures() {
        return prefectures(false);
    }

    /** The 47 prefectures by their Japanese names (the values stored), the empty choice in the page's language. */
    static List<String[]> prefectures(boolean english) {
        List<String[]> l = new ArrayList<>();
        l.add(new String[] {"", english ? "Choose" : "選択してください"});
        for (int i = 1; i <= 47; i++) {
            String n = Prefectures.nameOf(String.format("%02d", i)).orElseThrow();
            l.add(new String[] {n, n});
        }
        return l;
    }

    static List<String[]> grades(int max) {
        return grades(max, false);
    }

    static List<String[]> grades(int max, boolean english) {
        List<String[]> l = new ArrayList<>();
        l.add(new String[] {"", english ? "None" : "なし"});
        for (int i = 1; i <= max; i++) {
            l.add(new String[] {String.valueOf(i), english ? "Grade " + i : i + "級"});
        }
        return l;
    }

    static final List<String[]> RYOIKU = List.of(new String[] {"", "なし"}, new String[] {"A", "A（重度）"},
            new String[] {"B", "B（中度・軽度）"});

    static final List<String[]> RYOIKU_EN = List.of(new String[] {"", "None"}, new String[] {"A", "A (severe)"},
            new String[] {"B", "B (moderate or mild)"});

    static List<String[]> schoolYears() {
        return schoolYears(false);
    }

    static List<String[]> schoolYears(boolean english) {
        List<String[]> l = new ArrayList<>();
        l.add(new String[] {"", english ? "Work it out from the date of birth" : "生年月日から計算する"});
        for (int i = 1; i <= 16; i++) {
            l.add(new String[] {String.valueOf(i), schoolYearLabel(i, english)});
        }
        return l;
    }

    static String schoolYearLabel(int i, boolean english) {
        if (!english) {
            return schoolYearLabel(i);
        }
        return i <= 6 ? "Elementary school, year " + i : i <= 9 ? "Junior high school, year " + (i - 6)
                : i <= 12 ? "High school, year " + (i - 9) : "University, year " + (i - 12);
    }

    static String schoolYearLabel(int i) {
        return i <= 6 ? "小学" + i + "年生" : i <= 9 ? "中学" + (i - 6) + "年生" : i <= 12 ? "高校" + (i - 9) + "年生"
                : "大学" + (i - 12) + "年生";
    }

    static List<String[]> relationships() {
        return relationships(false);
    }

    static List<String[]> relationships(boolean english) {
        List<String[]> l = new ArrayList<>();
        l.add(new String[] {"", english ? "Choose" : "選択してください"});
        for (Relationship r : Relationship.values()) {
            l.add(new String[] {r.code(), relationshipLabel(r, english)});
        }
        return l;
    }

    static String relationshipLabel(Relationship r, boolean english) {
        if (!english) {
            return r.label();
        }
        return switch (r) {
            case SPOUSE -> "Spouse";
            case CHILD -> "Child";
            case PARENT -> "Parent";
            case GRANDPARENT -> "Grandparent";
            case OTHER -> "Other";
        };
    }

    static final List<String[]> ACTS_FOR = List.of(new String[] {"", "自動（18歳未満の子は代理します）"},
            new String[] {"true", "はい、この方の手続きを代わりに行います"}, new String[] {"false", "いいえ"});

    static final List<String[]> ACTS_FOR_EN = List.of(new String[] {"", "Automatic (for a child under 18, yes)"},
            new String[] {"true", "Yes, I handle this person's procedures"}, new String[] {"false", "No"});

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
                errors.put("incomeAfterDeductions", "所得は「2500000」のように数字（円）で入力してください（わからない場合は空欄）。");
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
            String s = FormKit.value(form, f);
            v.put(f, s == null ? "" : s);
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
            errors.put(name, "一覧から選んでください。");
            return null;
        }
    }

    private static String n(String s) {
        return s == null ? "" : s;
    }

    /** The handbooks of a person in words, or "なし". */
    static String factsText(PersonFacts f) {
        return factsText(f, false);
    }

    static String factsText(PersonFacts f, boolean english) {
        List<String> l = new ArrayList<>();
        if (f.physicalHandbook() != null) {
            l.add(english ? "Physical disability certificate, grade " + f.physicalHandbook()
                    : "身体障害者手帳 " + f.physicalHandbook() + "級");
        }
        if (f.ryoikuHandbook() != null) {
            l.add((english ? "Intellectual disability certificate " : "療育手帳 ") + f.ryoikuHandbook());
        }
        if (f.mentalHandbook() != null) {
            l.add(english ? "Mental disability certificate, grade " + f.mentalHandbook()
                    : "精神障害者保健福祉手帳 " + f.mentalHandbook() + "級");
        }
        if (f.schoolYear() != null) {
            l.add(schoolYearLabel(f.schoolYear(), english));
        }
        return l.isEmpty() ? (english ? "None" : "なし") : String.join(english ? ", " : "、", l);
    }
}
