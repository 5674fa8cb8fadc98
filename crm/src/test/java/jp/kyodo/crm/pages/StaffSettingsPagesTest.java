package jp.kyodo.crm.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import jp.kyodo.tenant.pages.FormState;
import jp.kyodo.tenant.problem.ProblemException;
import org.junit.jupiter.api.Test;

class StaffSettingsPagesTest {

    @Test
    void wordsAreTypedOnePerLineOrSeparatedByCommas() {
        assertEquals(List.of("公園", "遊具", "ブランコ", "ベンチ"), StaffSettingsPages.words("公園\r\n遊具、ブランコ,  ベンチ\n\n"));
        assertEquals(List.of(), StaffSettingsPages.words(null));
    }

    @Test
    void numbersAreHalfOrFullWidthDigitsOnly() {
        assertEquals(4320, StaffSettingsPages.number(" ４３２０ "));
        assertEquals(15, StaffSettingsPages.number("15"));
        assertNull(StaffSettingsPages.number("abc"));
        assertNull(StaffSettingsPages.number("-5"));
        assertNull(StaffSettingsPages.number("1e3"));
        assertNull(StaffSettingsPages.number("9999999999"), "too long for an int: refused, not an exception");
        assertNull(StaffSettingsPages.number(""));
    }

    @Test
    void serviceFieldErrorsLandOnThePagesInputs() {
        assertEquals("keywords", StaffSettingsPages.ruleInput("keywords[3].<list element>"));
        assertEquals("queueCode", StaffSettingsPages.ruleInput("queueCode"));
        assertEquals("", StaffSettingsPages.ruleInput("position"));
        assertEquals("sla-HIGH-warn", StaffSettingsPages.slaInput("HIGH.warnBeforeMinutes"));
        assertEquals("sla-LOW-minutes", StaffSettingsPages.slaInput("LOW.responseMinutes"));
        assertEquals("", StaffSettingsPages.slaInput("SOON.responseMinutes"));

        FormState form = FormState.empty();
        StaffSettingsPages.collect(new ProblemException(400, "validation", "t", "t", "d", Map.of("errors", List.of(
                Map.of("field", "keywords[0]", "message", "キーワードは1つ40文字以内です"),
                Map.of("field", "position", "message", "順番が重複しています")))), form, StaffSettingsPages::ruleInput, "queueCode");
        assertEquals(List.of("keywords", "queueCode"), List.copyOf(form.errors().keySet()), "unknown fields go to the fallback");

        FormState conflict = FormState.empty();
        StaffSettingsPages.collect(new ProblemException(409, "x", "競合しています", "conflict", "競合しています / conflict", Map.of()),
                conflict, StaffSettingsPages::ruleInput, "queueCode");
        assertEquals(List.of("queueCode"), List.copyOf(conflict.errors().keySet()));
        assertThrows(ProblemException.class, () -> StaffSettingsPages.collect(new ProblemException(500, "x", "t", "t", "d",
                Map.of()), FormState.empty(), StaffSettingsPages::ruleInput, "queueCode"), "a failure is not a form error");
    }

    @Test
    void minutesReadAsPeopleSayThemInEachLanguage() {
        var ja = CrmPages.MESSAGES.in("ja");
        assertEquals("4320分（3日）", StaffSettingsPages.minutes(ja, 4320));
        assertEquals("90分（1時間30分）", StaffSettingsPages.minutes(ja, 90));
        assertEquals("1530分（1日と1時間30分）", StaffSettingsPages.minutes(ja, 1530));
        assertEquals("1470分（1日と30分）", StaffSettingsPages.minutes(ja, 1470));
        assertEquals("45分", StaffSettingsPages.minutes(ja, 45));
        var en = CrmPages.MESSAGES.in("en");
        assertEquals("4320 minutes (3 days)", StaffSettingsPages.minutes(en, 4320));
        assertEquals("61 minutes (1 hour 1 minute)", StaffSettingsPages.minutes(en, 61));
        assertEquals("1 minute", StaffSettingsPages.minutes(en, 1));
        assertEquals("1500 minutes (1 day 1 hour)", StaffSettingsPages.minutes(en, 1500));
        assertEquals("4320분 (3일)", StaffSettingsPages.minutes(CrmPages.MESSAGES.in("ko"), 4320));
        assertEquals("90分钟（1小时30分钟）", StaffSettingsPages.minutes(CrmPages.MESSAGES.in("zh"), 90));
    }
}
