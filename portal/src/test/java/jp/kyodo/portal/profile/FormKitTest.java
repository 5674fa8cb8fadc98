package jp.kyodo.portal.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormKitTest {

    @Test
    void anInvalidFieldIsMarkedAndDescribedAndKeepsItsValue() {
        String html = FormKit.input("fullNameKana", "ふりがな", "text", "ひらがな", Map.of("fullNameKana", "<山田>"),
                Map.of("fullNameKana", "ふりがなは、ひらがなまたはカタカナで"), null);
        assertTrue(html.contains("aria-invalid=\"true\""), html);
        assertTrue(html.contains("aria-describedby=\"fullNameKana-hint fullNameKana-error\""), html);
        assertTrue(html.contains("value=\"&lt;山田&gt;\""), html);
        assertTrue(html.contains("<label for=\"fullNameKana\">"), html);
    }

    @Test
    void theSummaryLinksToEveryField() {
        String s = FormKit.errorSummary(new java.util.LinkedHashMap<>(Map.of("postalCode", "郵便番号")));
        assertTrue(s.contains("role=\"alert\"") && s.contains("href=\"#postalCode\"") && s.contains("（1件）"), s);
        assertEquals("", FormKit.errorSummary(Map.of()));
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
}
