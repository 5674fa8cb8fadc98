package jp.kyodo.portal.profile;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.kyodo.crm.citizens.JapaneseDates;

/**
 * The English side of the citizen's own pages (my page, profile, household, consents, inbox): the English for the
 * Japanese messages the record's validation gives ({@code CitizenValidation} speaks Japanese only), and dates
 * (和暦 and 西暦 in Japanese, {@code 2026-11-23} in English). Page words themselves are picked next to their
 * Japanese with {@code PageLanguage.pick}.
 */
public final class CitizenText {

    private CitizenText() {
    }

    private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");
    private static final DateTimeFormatter WHEN_EN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    /** Exact Japanese messages → English. */
    private static final Map<String, String> MESSAGES = new LinkedHashMap<>();
    /** Messages with a number in them: pattern → English with $1. */
    private static final Map<Pattern, String> PATTERNS = new LinkedHashMap<>();

    static {
        MESSAGES.put("お名前（氏名）を入力してください。", "Enter your full name.");
        MESSAGES.put("ふりがなを入力してください。", "Enter the reading of the name in kana (furigana).");
        MESSAGES.put("ふりがなは100文字以内で入力してください。", "The furigana must be 100 characters or fewer.");
        MESSAGES.put("ふりがなは、ひらがなまたはカタカナで入力してください（例：やまだ たろう）。",
                "Write the furigana in hiragana or katakana (for example: やまだ たろう).");
        MESSAGES.put("生年月日に未来の日付は入力できません。", "The date of birth cannot be in the future.");
        MESSAGES.put("生年月日は1900年1月1日以降の日付を入力してください。", "Enter a date of birth on or after 1900-01-01.");
        MESSAGES.put("生年月日は「2015-04-01」のように西暦の年-月-日で入力してください。",
                "Enter the date of birth as year-month-day, for example 2015-04-01.");
        MESSAGES.put("郵便番号は7桁の数字で入力してください（例：660-8501）。",
                "Enter the postal code as 7 digits (for example: 660-8501).");
        MESSAGES.put("都道府県は「東京都」「兵庫県」のように正しい名前で選んでください。", "Choose the prefecture from the list.");
        MESSAGES.put("市区町村は100文字以内で入力してください。", "The city, ward, town or village must be 100 characters or fewer.");
        MESSAGES.put("町名・番地は200文字以内で入力してください。", "The street address must be 200 characters or fewer.");
        MESSAGES.put("電話番号は数字とハイフンで入力してください（例：06-1234-5678）。",
                "Enter the phone number in digits and hyphens (for example: 06-1234-5678).");
        MESSAGES.put("メールアドレスの形式が正しくありません（例：taro@example.jp）。",
                "The e-mail address is not valid (for example: taro@example.jp).");
        MESSAGES.put("メールでのお知らせを希望する場合は、メールアドレスを入力してください。",
                "Enter an e-mail address to receive notices by e-mail.");
        MESSAGES.put("ご希望の言語を一覧から選んでください。", "Choose your preferred language from the list.");
        MESSAGES.put("所得は0円以上の金額を円単位で入力してください（わからない場合は空欄）。",
                "Enter the income as an amount in yen, 0 or more (leave it blank if you don't know).");
        MESSAGES.put("所得は「2500000」のように数字（円）で入力してください（わからない場合は空欄）。",
                "Enter the income in yen as digits, for example 2500000 (leave it blank if you don't know).");
        MESSAGES.put("身体障害者手帳の等級は1級から7級の中から選んでください。",
                "Choose the physical disability certificate grade from 1 to 7.");
        MESSAGES.put("療育手帳の判定は A または B から選んでください。", "Choose A or B for the intellectual disability certificate.");
        MESSAGES.put("精神障害者保健福祉手帳の等級は1級から3級の中から選んでください。",
                "Choose the mental disability certificate grade from 1 to 3.");
        MESSAGES.put("学年は一覧から選んでください。", "Choose the school year from the list.");
        MESSAGES.put("一覧から選んでください。", "Choose from the list.");
        MESSAGES.put("続柄を「配偶者」「子」「父母」「祖父母」「その他」から選んでください。",
                "Choose the relationship from the list (spouse, child, parent, grandparent or other).");
        MESSAGES.put("同意の目的を一覧から選んでください。", "Choose the purpose of the consent from the list.");
        MESSAGES.put("同意する（true）か撤回する（false）かを指定してください。", "Say whether you consent or withdraw consent.");
        PATTERNS.put(Pattern.compile("お名前（氏名）は100文字以内で入力してください（いまは(\\d+)文字です）。"),
                "The full name must be 100 characters or fewer (it is $1 now).");
    }

    /** A message of the record's validation in the page's language (unknown ones stay Japanese). */
    public static String message(String ja, boolean english) {
        if (!english || ja == null) {
            return ja;
        }
        String en = MESSAGES.get(ja);
        if (en != null) {
            return en;
        }
        for (Map.Entry<Pattern, String> p : PATTERNS.entrySet()) {
            Matcher m = p.getKey().matcher(ja);
            if (m.matches()) {
                return m.replaceFirst(p.getValue());
            }
        }
        return ja;
    }

    /** Every message of a field → message map in the page's language, order kept. */
    public static Map<String, String> messages(Map<String, String> errors, boolean english) {
        if (!english) {
            return errors;
        }
        Map<String, String> m = new LinkedHashMap<>();
        errors.forEach((k, v) -> m.put(k, message(v, true)));
        return m;
    }

    /** A date: 和暦 and 西暦 in Japanese, {@code 2026-11-23} in English. */
    public static String date(LocalDate d, boolean english) {
        return d == null ? "" : english ? d.toString() : JapaneseDates.format(d);
    }

    /** A moment in Japan's time: {@code 2026年11月23日 9:05} or {@code 2026-11-23 09:05}. */
    public static String when(OffsetDateTime t, boolean english) {
        return (english ? WHEN_EN : MyPages.WHEN).format(t.atZoneSameInstant(JAPAN));
    }

    /** What a consent is for, in English or as the record has it in Japanese. */
    public static String purposeLabel(String code, String japanese, boolean en) {
        if (!en) {
            return japanese;
        }
        return switch (code) {
            case "programme-guidance" -> "Using your profile (household, income, disability certificates and so on) to show "
                    + "the programmes you may be able to receive";
            case "surveys" -> "Sending you surveys to improve the services";
            default -> japanese;
        };
    }
}
