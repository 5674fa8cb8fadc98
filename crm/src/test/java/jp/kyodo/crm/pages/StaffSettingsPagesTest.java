package jp.kyodo.crm.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import jp.kyodo.crm.cases.Priority;
import jp.kyodo.crm.cases.RoutingRule;
import jp.kyodo.tenant.problem.ProblemException;
import org.junit.jupiter.api.Test;

class StaffSettingsPagesTest {

    @Test
    void wordsAreTypedOnePerLineOrSeparatedByCommas() {
        assertEquals(List.of("公園", "遊具", "ブランコ", "ベンチ"), StaffSettingsPages.words("公園\r\n遊具、ブランコ,  ベンチ\n\n"));
        assertEquals(List.of(), StaffSettingsPages.words(null));
    }

    @Test
    void serviceFieldErrorsLandOnThePagesInputs() {
        assertEquals("keywords", StaffSettingsPages.ruleInput("keywords[3].<list element>"));
        assertEquals("queueCode", StaffSettingsPages.ruleInput("queueCode"));
        assertEquals("", StaffSettingsPages.ruleInput("position"));
        assertEquals("sla-HIGH-warn", StaffSettingsPages.slaInput("HIGH.warnBeforeMinutes"));
        assertEquals("sla-LOW-minutes", StaffSettingsPages.slaInput("LOW.responseMinutes"));
        assertEquals("", StaffSettingsPages.slaInput("SOON.responseMinutes"));

        StaffSettingsPages.Errors errors = new StaffSettingsPages.Errors();
        StaffSettingsPages.collect(new ProblemException(400, "validation", "t", "t", "d", Map.of("errors", List.of(
                Map.of("field", "queueCode", "message", "窓口 x はありません"),
                Map.of("field", "position", "message", "順番が重複しています")))), errors, StaffSettingsPages::ruleInput);
        assertEquals("窓口 x はありません", errors.get("queueCode"));
        assertEquals("順番が重複しています。", errors.get(""));
        String summary = StaffSettingsPages.summary(errors);
        assertTrue(summary.contains("href=\"#queueCode\"") && summary.contains("role=\"alert\""), summary);
    }

    @Test
    void aFieldWithAnErrorIsDescribedByItAndKeepsWhatWasTyped() {
        StaffSettingsPages.Errors errors = new StaffSettingsPages.Errors();
        errors.put("name", "窓口名を入力してください");
        String html = StaffSettingsPages.field("name", "窓口名", "ヒント", "<input type=\"text\"", "<b>公園</b>", errors);
        assertTrue(html.contains("aria-describedby=\"name-hint name-error\"") && html.contains("aria-invalid=\"true\""), html);
        assertTrue(html.contains("value=\"&lt;b&gt;公園&lt;/b&gt;\""), html);
    }

    @Test
    void aRuleReadsAsASentenceWithItsWordsEscaped() {
        String s = StaffSettingsPages.describe(new RoutingRule(10, "tax", List.of("<script>", "DV"), List.of(), Priority.URGENT,
                "operator", null), Map.of("operator", "オペレーター窓口"));
        assertFalse(s.contains("<script>"), s);
        assertTrue(s.contains("「&lt;script&gt;」「DV」のどれかを含む") && s.contains("オペレーター窓口") && s.contains("「緊急」"), s);
    }
}
