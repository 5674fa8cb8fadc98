package jp.kyodo.crm.citizens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CitizenValidationTest {

    static final LocalDate TODAY = LocalDate.of(2026, 11, 22);

    static ProfileDraft profile(String name, String kana, String birth, String postal, String email, Boolean mail) {
        return new ProfileDraft(name, kana, birth, postal, "兵庫県", "尼崎市", "東七松町1-23-1", "06-6375-0001", email, "ja",
                mail, null, null, null, null, false, null);
    }

    @Test
    void aCompleteProfileIsNormalised() {
        var c = CitizenValidation.check(profile(" 尼崎 太郎 ", "ｱﾏｶﾞｻｷ　タロウ", "１９８８/06/15", "〒６６０８５０１",
                "taro@example.jp", true), TODAY);
        assertEquals(Map.of(), c.errors());
        assertEquals("尼崎 太郎", c.draft().fullName());
        assertEquals("アマガサキ タロウ", c.draft().fullNameKana());
        assertEquals(LocalDate.of(1988, 6, 15), c.birthDate());
        assertEquals("660-8501", c.draft().postalCode());
        assertEquals("ja", c.draft().language());
    }

    @Test
    void hiraganaAndKatakanaAreFurigana() {
        assertTrue(CitizenValidation.check(profile("山田", "やまだ はなこ", null, null, null, false), TODAY).errors().isEmpty());
        assertTrue(CitizenValidation.check(profile("山田", "ヤマダ・ハナコー", null, null, null, false), TODAY).errors().isEmpty());
        var c = CitizenValidation.check(profile("山田", "山田 花子", null, null, null, false), TODAY);
        assertTrue(c.errors().get("fullNameKana").contains("ひらがなまたはカタカナ"), c.errors()::toString);
        c = CitizenValidation.check(profile("山田", "yamada", null, null, null, false), TODAY);
        assertTrue(c.errors().containsKey("fullNameKana"));
    }

    @Test
    void everyProblemIsReportedPerFieldInJapanese() {
        var c = CitizenValidation.check(profile("", "", "2030-01-01", "12-345", "not-an-address", true), TODAY);
        assertEquals(java.util.List.of("fullName", "fullNameKana", "birthDate", "postalCode", "email"),
                java.util.List.copyOf(c.errors().keySet()));
        assertTrue(c.errors().get("birthDate").contains("未来"));
        assertTrue(c.errors().get("postalCode").contains("7桁"));
    }

    @Test
    void emailIsNeededOnlyWhenMailIsChosen() {
        assertTrue(CitizenValidation.check(profile("山田", "やまだ", null, null, null, false), TODAY).errors().isEmpty());
        var c = CitizenValidation.check(profile("山田", "やまだ", null, null, null, true), TODAY);
        assertTrue(c.errors().get("email").contains("メールでのお知らせ"), c.errors()::toString);
    }

    @Test
    void badDatesAndRangesAreRefused() {
        assertTrue(CitizenValidation.check(profile("山田", "やまだ", "2020-02-30", null, null, false), TODAY).errors()
                .containsKey("birthDate"));
        assertTrue(CitizenValidation.check(profile("山田", "やまだ", "1899-12-31", null, null, false), TODAY).errors()
                .containsKey("birthDate"));
        var bad = new ProfileDraft("山田", "やまだ", null, null, "ネバーランド", null, null, "abc", null, "xx", false, 8, "C",
                4, 17, false, -1L);
        var e = CitizenValidation.check(bad, TODAY).errors();
        for (String f : new String[] {"prefecture", "phone", "language", "physicalHandbook", "ryoikuHandbook",
            "mentalHandbook", "schoolYear", "incomeAfterDeductions"}) {
            assertTrue(e.containsKey(f), f + " in " + e);
        }
    }

    @Test
    void aChildUnder18IsActedForByDefault() {
        var child = CitizenValidation.check(new MemberDraft("一郎", "いちろう", "child", "2019-05-10", null, null, null,
                null, null), TODAY);
        assertTrue(child.errors().isEmpty(), child.errors()::toString);
        assertTrue(child.actsFor());
        var adult = CitizenValidation.check(new MemberDraft("一郎", "いちろう", "child", "2000-05-10", null, null, null,
                null, null), TODAY);
        assertFalse(adult.actsFor());
        var spouse = CitizenValidation.check(new MemberDraft("花子", "はなこ", "spouse", null, null, null, null, null,
                null), TODAY);
        assertFalse(spouse.actsFor());
        assertNull(spouse.birthDate());
        var chosen = CitizenValidation.check(new MemberDraft("祖母", "そぼ", "grandparent", null, true, null, null,
                null, null), TODAY);
        assertTrue(chosen.actsFor());
        var asRead = CitizenValidation.check(new MemberDraft("花子", "はなこ", "SPOUSE", null, null, null, null, null,
                null), TODAY);
        assertEquals(Relationship.SPOUSE, asRead.relationship(), "the JSON name of a record read is accepted back");
        assertEquals("spouse", asRead.draft().relationship());
        var bad = CitizenValidation.check(new MemberDraft("", "", "cousin", null, null, null, null, null, null), TODAY);
        assertEquals(java.util.Set.of("fullName", "fullNameKana", "relationship"), bad.errors().keySet());
    }
}
