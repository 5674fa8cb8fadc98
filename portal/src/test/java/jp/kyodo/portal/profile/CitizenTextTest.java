package jp.kyodo.portal.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import jp.kyodo.crm.citizens.CitizenValidation;
import jp.kyodo.crm.citizens.MemberDraft;
import jp.kyodo.crm.citizens.ProfileDraft;
import org.junit.jupiter.api.Test;

class CitizenTextTest {

    /** Hiragana and kanji outside the examples quoted in a message (やまだ たろう, 身体障害者手帳 and so on are not used). */
    private static final Pattern JAPANESE_WORDS = Pattern.compile("[\\u3041-\\u3096&&[^やまだたろう]]|[\\u4e00-\\u9fff]");

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 23);

    @Test
    void everyProfileMessageHasItsEnglish() {
        Map<String, String> all = new LinkedHashMap<>();
        all.putAll(CitizenValidation.check(new ProfileDraft("x".repeat(101), "山田", "2099-01-01", "12", "架空県",
                "x".repeat(101), "x".repeat(201), "abc", "nope", "xx", true, 9, "C", 9, 99, false, -1L), TODAY).errors());
        all.putAll(CitizenValidation.check(new ProfileDraft(null, null, "1850-01-01", null, null, null, null, null, null,
                null, true, null, null, null, null, false, null), TODAY).errors());
        all.put("birthDate2", CitizenValidation.check(new ProfileDraft("a", "あ", "1月1日", null, null, null, null, null,
                null, null, false, null, null, null, null, false, null), TODAY).errors().get("birthDate"));
        all.put("kana2", CitizenValidation.check(new ProfileDraft("a", "あ".repeat(101), null, null, null, null, null,
                null, null, null, false, null, null, null, null, false, null), TODAY).errors().get("fullNameKana"));
        all.putAll(prefixed("m-", CitizenValidation.check(new MemberDraft("", "", "cousin", null, null, null, null, null, null),
                TODAY).errors()));
        all.put("income", "所得は「2500000」のように数字（円）で入力してください（わからない場合は空欄）。");
        all.put("select", "一覧から選んでください。");
        assertFalse(all.size() < 20, all::toString);
        all.forEach((field, ja) -> {
            String en = CitizenText.message(ja, true);
            assertFalse(JAPANESE_WORDS.matcher(en).find(), () -> field + ": " + ja + " → " + en);
        });
    }

    @Test
    void numbersCarryOverAndJapaneseStaysAsItIs() {
        String ja = "お名前（氏名）は100文字以内で入力してください（いまは101文字です）。";
        assertEquals("The full name must be 100 characters or fewer (it is 101 now).", CitizenText.message(ja, true));
        assertSame(ja, CitizenText.message(ja, false));
        Map<String, String> errors = Map.of("fullName", ja);
        assertSame(errors, CitizenText.messages(errors, false));
        assertEquals("未知のメッセージ", CitizenText.message("未知のメッセージ", true), "unknown messages stay Japanese");
    }

    @Test
    void datesAreSeirekiInEnglish() {
        assertEquals("1985-04-01", CitizenText.date(LocalDate.of(1985, 4, 1), true));
        assertEquals("昭和60年4月1日（1985年4月1日）", CitizenText.date(LocalDate.of(1985, 4, 1), false));
    }

    @Test
    void theEnglishErrorSummaryCountsProblems() {
        assertEquals(List.of(true, true), List.of(
                FormKit.errorSummary(Map.of("a", "x"), true).contains("Please check what you entered (1 problem)"),
                FormKit.errorSummary(Map.of("a", "x", "b", "y"), false).contains("入力内容をご確認ください（2件）")));
    }

    private static Map<String, String> prefixed(String p, Map<String, String> m) {
        Map<String, String> r = new LinkedHashMap<>();
        m.forEach((k, v) -> r.put(p + k, v));
        return r;
    }
}
