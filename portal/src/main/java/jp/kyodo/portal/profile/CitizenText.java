package jp.kyodo.portal.profile;

import gg.jte.Content;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.kyodo.crm.citizens.JapaneseDates;
import jp.kyodo.tenant.pages.Languages;
import jp.kyodo.tenant.pages.Text;

/**
 * What the citizen's own pages (profile, household, inquiries, consents, inbox) need beyond their bundle: the record's
 * validation messages ({@code CitizenValidation} speaks Japanese only) as the page's messages, and dates in one format
 * per language — 和暦 with 西暦 in Japanese ({@code 昭和60年4月1日（1985年4月1日）}), 西暦 in やさしい日本語 and Chinese
 * ({@code 1985年4月1日}), {@code 1985-04-01} in English, {@code 1985년 4월 1일} in Korean, {@code 01/04/1985} in
 * Vietnamese.
 */
public final class CitizenText {

    private CitizenText() {
    }

    private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

    /** The record's exact Japanese messages → the portal bundle's keys (the Japanese message is the same text). */
    private static final Map<String, String> MESSAGES = new LinkedHashMap<>();
    /** Messages with a number in them: pattern → key with {0}. */
    private static final Map<Pattern, String> PATTERNS = new LinkedHashMap<>();

    static {
        MESSAGES.put("お名前（氏名）を入力してください。", "profile.error.fullName");
        MESSAGES.put(jp.kyodo.crm.citizens.CitizenRecords.CARD_LOCKED, "card.profile.locked");
        MESSAGES.put("ふりがなを入力してください。", "profile.error.kana");
        MESSAGES.put("ふりがなは100文字以内で入力してください。", "profile.error.kana.long");
        MESSAGES.put("ふりがなは、ひらがなまたはカタカナで入力してください（例：やまだ たろう）。", "profile.error.kana.script");
        MESSAGES.put("生年月日に未来の日付は入力できません。", "profile.error.birth.future");
        MESSAGES.put("生年月日は1900年1月1日以降の日付を入力してください。", "profile.error.birth.early");
        MESSAGES.put("生年月日は「2015-04-01」のように西暦の年-月-日で入力してください。", "profile.error.birth.format");
        MESSAGES.put("郵便番号は7桁の数字で入力してください（例：660-8501）。", "profile.error.postal");
        MESSAGES.put("都道府県は「東京都」「兵庫県」のように正しい名前で選んでください。", "profile.error.prefecture");
        MESSAGES.put("市区町村は100文字以内で入力してください。", "profile.error.municipality");
        MESSAGES.put("町名・番地は200文字以内で入力してください。", "profile.error.street");
        MESSAGES.put("電話番号は数字とハイフンで入力してください（例：06-1234-5678）。", "profile.error.phone");
        MESSAGES.put("メールアドレスの形式が正しくありません（例：taro@example.jp）。", "profile.error.email");
        MESSAGES.put("メールでのお知らせを希望する場合は、メールアドレスを入力してください。", "profile.error.email.needed");
        MESSAGES.put("ご希望の言語を一覧から選んでください。", "profile.error.language");
        MESSAGES.put("所得は0円以上の金額を円単位で入力してください（わからない場合は空欄）。", "profile.error.income.range");
        MESSAGES.put(ProfileForms.INCOME_FORMAT, "profile.error.income.format");
        MESSAGES.put("身体障害者手帳の等級は1級から7級の中から選んでください。", "profile.error.physical");
        MESSAGES.put("療育手帳の判定は A または B から選んでください。", "profile.error.ryoiku");
        MESSAGES.put("精神障害者保健福祉手帳の等級は1級から3級の中から選んでください。", "profile.error.mental");
        MESSAGES.put("学年は一覧から選んでください。", "profile.error.schoolYear");
        MESSAGES.put(ProfileForms.CHOOSE, "profile.error.choose");
        MESSAGES.put("続柄を「配偶者」「子」「父母」「祖父母」「その他」から選んでください。", "household.error.relationship");
        PATTERNS.put(Pattern.compile("お名前（氏名）は100文字以内で入力してください（いまは(\\d+)文字です）。"), "profile.error.fullName.long");
    }

    /** A message of the record's validation in the page's language; one it does not know says "check this field". */
    public static Content message(Text t, String japanese) {
        String key = japanese == null ? null : MESSAGES.get(japanese);
        if (key != null) {
            return t.t(key);
        }
        for (Map.Entry<Pattern, String> p : PATTERNS.entrySet()) {
            Matcher m = japanese == null ? null : p.getKey().matcher(japanese);
            if (m != null && m.matches()) {
                return t.t(p.getValue(), m.group(1));
            }
        }
        return t.t("profile.error.other");
    }

    /** True when {@link #message} knows this Japanese message (for the tests). */
    static boolean knows(String japanese) {
        return MESSAGES.containsKey(japanese) || PATTERNS.keySet().stream().anyMatch(p -> p.matcher(japanese).matches());
    }

    /** A day in the page's language (see the class comment); empty for none. */
    public static String date(LocalDate d, String tag) {
        if (d == null) {
            return "";
        }
        return switch (tag) {
            case Languages.JAPANESE -> JapaneseDates.format(d);
            case Languages.ENGLISH -> d.toString();
            case "ko" -> d.getYear() + "년 " + d.getMonthValue() + "월 " + d.getDayOfMonth() + "일";
            case "vi" -> String.format("%02d/%02d/%d", d.getDayOfMonth(), d.getMonthValue(), d.getYear());
            default -> JapaneseDates.seireki(d);
        };
    }

    /** The day of a moment, in Japan's time. */
    public static String date(OffsetDateTime t, String tag) {
        return t == null ? "" : date(t.atZoneSameInstant(JAPAN).toLocalDate(), tag);
    }

    /**
     * A moment in Japan's time: its day in the page's language (西暦 in Japanese too: a time of day goes with the
     * calendar people write today) and the time, {@code 2026年11月23日 9:05}, {@code 2026-11-23 09:05}.
     */
    public static String when(OffsetDateTime t, String tag) {
        ZonedDateTime z = t.atZoneSameInstant(JAPAN);
        String day = Languages.JAPANESE.equals(tag) ? JapaneseDates.seireki(z.toLocalDate()) : date(z.toLocalDate(), tag);
        return day + " " + (Languages.ENGLISH.equals(tag) || "vi".equals(tag)
                ? String.format("%02d:%02d", z.getHour(), z.getMinute()) : z.getHour() + ":" + String.format("%02d", z.getMinute()));
    }
}
