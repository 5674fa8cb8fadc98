package jp.kyodo.portal.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gg.jte.Content;
import gg.jte.output.StringOutput;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import jp.kyodo.crm.citizens.CitizenValidation;
import jp.kyodo.crm.citizens.MemberDraft;
import jp.kyodo.crm.citizens.ProfileDraft;
import jp.kyodo.portal.pages.PortalPages;
import jp.kyodo.tenant.pages.Languages;
import jp.kyodo.tenant.pages.Text;
import org.junit.jupiter.api.Test;

class CitizenTextTest {

    /** Hiragana and kanji outside the examples quoted in a message (やまだ たろう, 身体障害者手帳 and so on are not used). */
    private static final Pattern JAPANESE_WORDS = Pattern.compile("[\\u3041-\\u3096&&[^やまだたろう]]|[\\u4e00-\\u9fff]");

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 23);

    /** Every message the record's validation and the page's own reading can give. */
    static Map<String, String> allMessages() {
        Map<String, String> all = new LinkedHashMap<>();
        all.putAll(CitizenValidation.check(new ProfileDraft("x".repeat(101), "山田", "2099-01-01", "12", "架空県",
                "x".repeat(101), "x".repeat(201), "abc", "nope", "xx", true, 9, "C", 9, 99, false, -1L), TODAY).errors());
        all.putAll(prefixed("b-", CitizenValidation.check(new ProfileDraft(null, null, "1850-01-01", null, null, null, null, null, null,
                null, true, null, null, null, null, false, null), TODAY).errors()));
        all.put("birthDate2", CitizenValidation.check(new ProfileDraft("a", "あ", "1月1日", null, null, null, null, null,
                null, null, false, null, null, null, null, false, null), TODAY).errors().get("birthDate"));
        all.put("kana2", CitizenValidation.check(new ProfileDraft("a", "あ".repeat(101), null, null, null, null, null,
                null, null, null, false, null, null, null, null, false, null), TODAY).errors().get("fullNameKana"));
        all.putAll(prefixed("m-", CitizenValidation.check(new MemberDraft("", "", "cousin", null, null, null, null, null, null),
                TODAY).errors()));
        all.put("income", ProfileForms.INCOME_FORMAT);
        all.put("select", ProfileForms.CHOOSE);
        return all;
    }

    @Test
    void everyValidationMessageHasItsKeyAndEachLanguageItsWords() {
        Map<String, String> all = allMessages();
        assertFalse(all.size() < 22, all::toString);
        all.forEach((field, ja) -> assertTrue(CitizenText.knows(ja), () -> field + ": no key for " + ja));
        Text en = PortalPages.MESSAGES.in("en");
        all.forEach((field, ja) -> {
            String english = text(CitizenText.message(en, ja));
            assertFalse(JAPANESE_WORDS.matcher(english).find(), () -> field + ": " + ja + " → " + english);
        });
        // Japanese says what the record says (apart from the prefecture: the page offers a list)
        Text japanese = PortalPages.MESSAGES.in("ja");
        all.forEach((field, ja) -> {
            if (!field.equals("prefecture")) {
                assertEquals(ja, text(CitizenText.message(japanese, ja)), field);
            }
        });
        for (String tag : Languages.TAGS) {
            Text t = PortalPages.MESSAGES.in(tag);
            all.forEach((field, ja) -> assertFalse(text(CitizenText.message(t, ja)).startsWith("["), tag + " " + field));
        }
    }

    @Test
    void numbersCarryOverAndAnUnknownMessageAsksToCheckTheField() {
        Text en = PortalPages.MESSAGES.in("en");
        assertEquals("The full name must be 100 characters or fewer (it is 101 now).",
                text(CitizenText.message(en, "お名前（氏名）は100文字以内で入力してください（いまは101文字です）。")));
        assertEquals("Check what you entered here.", text(CitizenText.message(en, "未知のメッセージ")));
    }

    @Test
    void datesHaveOneFormatPerLanguage() {
        LocalDate d = LocalDate.of(1985, 4, 1);
        assertEquals("昭和60年4月1日（1985年4月1日）", CitizenText.date(d, "ja"));
        assertEquals("1985年4月1日", CitizenText.date(d, "ja-easy"));
        assertEquals("1985-04-01", CitizenText.date(d, "en"));
        assertEquals("1985年4月1日", CitizenText.date(d, "zh"));
        assertEquals("1985년 4월 1일", CitizenText.date(d, "ko"));
        assertEquals("01/04/1985", CitizenText.date(d, "vi"));
        OffsetDateTime t = OffsetDateTime.parse("2026-11-22T16:30:00Z"); // 2026-11-23 01:30 in Japan
        assertEquals("令和8年11月23日（2026年11月23日）", CitizenText.date(t, "ja"));
        assertEquals("2026-11-23 01:30", CitizenText.when(t, "en"));
        assertEquals("2026年11月23日 1:30", CitizenText.when(t, "ja"));
        assertEquals("23/11/2026 01:30", CitizenText.when(t, "vi"));
        assertEquals("", CitizenText.date((LocalDate) null, "ja"));
    }

    @Test
    void pageFormsAreReadIntoDrafts() {
        var p = ProfileForms.profile(Map.of("fullName", List.of("山田"), "incomeAfterDeductions", List.of("２,５００,０００円"),
                "physicalHandbook", List.of("3"), "emailNotifications", List.of("true")));
        assertTrue(p.errors().isEmpty(), p.errors()::toString);
        assertEquals(2_500_000L, p.draft().incomeAfterDeductions());
        assertEquals(3, p.draft().physicalHandbook());
        assertTrue(p.draft().emailNotifications());
        var bad = ProfileForms.profile(Map.of("incomeAfterDeductions", List.of("たくさん"), "schoolYear", List.of("x")));
        assertEquals(java.util.Set.of("incomeAfterDeductions", "schoolYear"), bad.errors().keySet());
        assertEquals("たくさん", bad.values().get("incomeAfterDeductions"), "typed value kept");
    }

    @Test
    void anInvalidFormKeepsWhatWasTypedAndListsErrorsInFormOrder() {
        Text en = PortalPages.MESSAGES.in("en");
        Map<String, String> errors = new LinkedHashMap<>();
        errors.put("postalCode", "郵便番号は7桁の数字で入力してください（例：660-8501）。");
        errors.put("fullNameKana", "ふりがなを入力してください。");
        var f = MyPages.invalid(en, Map.of("fullName", "<山田>", "postalCode", "66"), errors, ProfileForms.PROFILE_FIELDS);
        assertEquals(List.of("fullNameKana", "postalCode"), List.copyOf(f.errors().keySet()));
        assertEquals("<山田>", f.value("fullName"));
    }

    static String text(Content c) {
        StringOutput out = new StringOutput();
        c.writeTo(new gg.jte.html.OwaspHtmlTemplateOutput(out));
        return out.toString();
    }

    private static Map<String, String> prefixed(String p, Map<String, String> m) {
        Map<String, String> r = new LinkedHashMap<>();
        m.forEach((k, v) -> r.put(p + k, v));
        return r;
    }
}
