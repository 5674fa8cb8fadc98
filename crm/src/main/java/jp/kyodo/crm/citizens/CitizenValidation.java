package jp.kyodo.crm.citizens;

import java.text.Normalizer;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import jp.kyodo.agents.programmes.Prefectures;

/**
 * Checks and normalises what a citizen typed. Every problem is reported per field with a Japanese message; the caller
 * shows them all at once. Blank optional fields become null.
 */
public final class CitizenValidation {

    /** ひらがな・カタカナ, the long-vowel mark, the middle dot and spaces. */
    private static final Pattern KANA = Pattern.compile("[\\u3041-\\u3096\\u309D-\\u309F\\u30A1-\\u30FA\\u30FC-\\u30FF\\u3000 ・]+");
    private static final Pattern POSTAL = Pattern.compile("[0-9]{3}-[0-9]{4}");
    private static final Pattern PHONE = Pattern.compile("[0-9]{2,5}-?[0-9]{1,4}-?[0-9]{3,4}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    /** Languages the portal offers to answer in. */
    public static final Set<String> LANGUAGES = Set.of("ja", "en", "zh", "ko", "vi", "pt", "es", "tl", "ne", "id");
    private static final LocalDate EARLIEST_BIRTH = LocalDate.of(1900, 1, 1);

    private CitizenValidation() {
    }

    /** A checked, normalised profile; {@link #errors()} is empty when it may be saved. */
    public record CheckedProfile(ProfileDraft draft, LocalDate birthDate, Map<String, String> errors) {
    }

    /** A checked, normalised household member. */
    public record CheckedMember(MemberDraft draft, Relationship relationship, LocalDate birthDate, boolean actsFor,
                                Map<String, String> errors) {
    }

    public static CheckedProfile check(ProfileDraft d, LocalDate today) {
        Map<String, String> e = new LinkedHashMap<>();
        if (d == null) {
            e.put("fullName", "お名前（氏名）を入力してください。");
            return new CheckedProfile(null, null, e);
        }
        String name = text(d.fullName());
        String kana = kana(d.fullNameKana());
        name(e, "fullName", name, "お名前（氏名）");
        kanaCheck(e, "fullNameKana", kana);
        LocalDate birth = date(e, "birthDate", d.birthDate(), today);
        String postal = postal(e, d.postalCode());
        String pref = text(d.prefecture());
        if (pref != null && Prefectures.codeOf(pref).isEmpty()) {
            e.put("prefecture", "都道府県は「東京都」「兵庫県」のように正しい名前で選んでください。");
        }
        String municipality = limit(e, "municipality", text(d.municipality()), 100, "市区町村");
        String street = limit(e, "street", text(d.street()), 200, "町名・番地");
        String phone = ascii(text(d.phone()));
        if (phone != null && !PHONE.matcher(phone).matches()) {
            e.put("phone", "電話番号は数字とハイフンで入力してください（例：06-1234-5678）。");
        }
        String email = ascii(text(d.email()));
        if (email != null && (email.length() > 254 || !EMAIL.matcher(email).matches())) {
            e.put("email", "メールアドレスの形式が正しくありません（例：taro@example.jp）。");
        }
        boolean mail = Boolean.TRUE.equals(d.emailNotifications());
        if (mail && email == null && !e.containsKey("email")) {
            e.put("email", "メールでのお知らせを希望する場合は、メールアドレスを入力してください。");
        }
        String lang = text(d.language()) == null ? "ja" : text(d.language());
        if (!LANGUAGES.contains(lang)) {
            e.put("language", "ご希望の言語を一覧から選んでください。");
        }
        facts(e, d.physicalHandbook(), d.ryoikuHandbook(), d.mentalHandbook(), d.schoolYear());
        if (d.incomeAfterDeductions() != null && (d.incomeAfterDeductions() < 0 || d.incomeAfterDeductions() > 10_000_000_000L)) {
            e.put("incomeAfterDeductions", "所得は0円以上の金額を円単位で入力してください（わからない場合は空欄）。");
        }
        ProfileDraft n = new ProfileDraft(name, kana, birth == null ? null : birth.toString(), postal, pref, municipality,
                street, phone, email, lang, mail, d.physicalHandbook(), text(d.ryoikuHandbook()), d.mentalHandbook(),
                d.schoolYear(), Boolean.TRUE.equals(d.singleParent()), d.incomeAfterDeductions());
        return new CheckedProfile(n, birth, e);
    }

    public static CheckedMember check(MemberDraft d, LocalDate today) {
        Map<String, String> e = new LinkedHashMap<>();
        if (d == null) {
            e.put("fullName", "お名前（氏名）を入力してください。");
            return new CheckedMember(null, null, null, false, e);
        }
        String name = text(d.fullName());
        String kana = kana(d.fullNameKana());
        name(e, "fullName", name, "お名前（氏名）");
        kanaCheck(e, "fullNameKana", kana);
        Relationship rel = d.relationship() == null ? null : Relationship.of(d.relationship().strip()).orElse(null);
        if (rel == null) {
            e.put("relationship", "続柄を「配偶者」「子」「父母」「祖父母」「その他」から選んでください。");
        }
        LocalDate birth = date(e, "birthDate", d.birthDate(), today);
        facts(e, d.physicalHandbook(), d.ryoikuHandbook(), d.mentalHandbook(), d.schoolYear());
        boolean actsFor = d.actsFor() != null ? d.actsFor()
                : rel == Relationship.CHILD && birth != null && birth.plusYears(18).isAfter(today);
        MemberDraft n = new MemberDraft(name, kana, rel == null ? d.relationship() : rel.code(),
                birth == null ? null : birth.toString(), actsFor, d.physicalHandbook(), text(d.ryoikuHandbook()),
                d.mentalHandbook(), d.schoolYear());
        return new CheckedMember(n, rel, birth, actsFor, e);
    }

    private static void name(Map<String, String> e, String field, String v, String label) {
        if (v == null) {
            e.put(field, label + "を入力してください。");
        } else if (v.length() > 100) {
            e.put(field, label + "は100文字以内で入力してください（いまは" + v.length() + "文字です）。");
        }
    }

    private static void kanaCheck(Map<String, String> e, String field, String kana) {
        if (kana == null) {
            e.put(field, "ふりがなを入力してください。");
        } else if (kana.length() > 100) {
            e.put(field, "ふりがなは100文字以内で入力してください。");
        } else if (!KANA.matcher(kana).matches()) {
            e.put(field, "ふりがなは、ひらがなまたはカタカナで入力してください（例：やまだ たろう）。");
        }
    }

    private static LocalDate date(Map<String, String> e, String field, String typed, LocalDate today) {
        String v = ascii(text(typed));
        if (v == null) {
            return null;
        }
        v = v.replace('/', '-');
        try {
            LocalDate d = LocalDate.parse(v);
            if (d.isAfter(today)) {
                e.put(field, "生年月日に未来の日付は入力できません。");
            } else if (d.isBefore(EARLIEST_BIRTH)) {
                e.put(field, "生年月日は1900年1月1日以降の日付を入力してください。");
            }
            return d;
        } catch (DateTimeParseException ex) {
            e.put(field, "生年月日は「2015-04-01」のように西暦の年-月-日で入力してください。");
            return null;
        }
    }

    private static String postal(Map<String, String> e, String typed) {
        String v = ascii(text(typed));
        if (v == null) {
            return null;
        }
        v = v.replace("〒", "").replace(" ", "").replace('ー', '-').replace('−', '-').replace('‐', '-');
        if (v.matches("[0-9]{7}")) {
            v = v.substring(0, 3) + "-" + v.substring(3);
        }
        if (!POSTAL.matcher(v).matches()) {
            e.put("postalCode", "郵便番号は7桁の数字で入力してください（例：660-8501）。");
            return typed.strip();
        }
        return v;
    }

    private static String limit(Map<String, String> e, String field, String v, int max, String label) {
        if (v != null && v.length() > max) {
            e.put(field, label + "は" + max + "文字以内で入力してください。");
        }
        return v;
    }

    private static void facts(Map<String, String> e, Integer physical, String ryoiku, Integer mental, Integer school) {
        if (physical != null && (physical < 1 || physical > 7)) {
            e.put("physicalHandbook", "身体障害者手帳の等級は1級から7級の中から選んでください。");
        }
        String r = text(ryoiku);
        if (r != null && !r.equals("A") && !r.equals("B")) {
            e.put("ryoikuHandbook", "療育手帳の判定は A または B から選んでください。");
        }
        if (mental != null && (mental < 1 || mental > 3)) {
            e.put("mentalHandbook", "精神障害者保健福祉手帳の等級は1級から3級の中から選んでください。");
        }
        if (school != null && (school < 1 || school > 16)) {
            e.put("schoolYear", "学年は一覧から選んでください。");
        }
    }

    /** Stripped text, null when blank. */
    static String text(String s) {
        if (s == null) {
            return null;
        }
        String t = s.strip();
        return t.isEmpty() ? null : t;
    }

    /** Full-width digits and letters to ASCII (NFKC), for numbers, codes and addresses typed with an IME. */
    static String ascii(String s) {
        return s == null ? null : Normalizer.normalize(s, Normalizer.Form.NFKC).strip();
    }

    /** Half-width katakana to full width; spaces collapsed. */
    static String kana(String s) {
        String t = text(s);
        if (t == null) {
            return null;
        }
        // NFKC turns half-width katakana into full width without touching hiragana or katakana
        return Normalizer.normalize(t, Normalizer.Form.NFKC).replaceAll("[ \\u3000]+", " ");
    }
}
