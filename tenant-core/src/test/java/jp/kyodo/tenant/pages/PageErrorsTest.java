package jp.kyodo.tenant.pages;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import jp.kyodo.tenant.problem.ProblemException;
import org.junit.jupiter.api.Test;

/** The error pages: in each language, a title and what to do, never the exception's own text. */
class PageErrorsTest {

    @Test
    void eachStatusHasAPageInEachLanguage() {
        for (String tag : Languages.TAGS) {
            for (int status : new int[] {400, 403, 404, 409, 413, 422, 500}) {
                ProblemException p = new ProblemException(status, "x", "<b>題</b>", "<b>title</b>", "SQL: relation secret_table");
                String html = PageErrors.page(p, tag);
                assertTrue(html.startsWith("<!DOCTYPE html>\n<html lang=\"" + Languages.htmlLang(tag) + "\">"), html);
                assertFalse(html.contains("secret_table"), "the problem's detail is never shown");
                assertFalse(html.contains("<b>"), "no problem text written as markup");
                assertFalse(html.contains("[error."), "every message exists: " + html);
                assertTrue(html.contains("<h1>"), html);
            }
        }
    }

    @Test
    void aFailureShowsOnlyItsIncidentNumberEscaped() {
        ProblemException p = new ProblemException(500, "internal", "内部エラー", "Internal error", "NullPointerException at Foo",
                Map.of("incident", "<i>inc-42</i>"));
        String ja = PageErrors.page(p, "ja");
        assertTrue(ja.contains("システムエラーが発生しました") && ja.contains("番号 &lt;i&gt;inc-42&lt;/i&gt; をお伝えください"), ja);
        assertFalse(ja.contains("NullPointerException"));
        assertTrue(PageErrors.page(p, "en").contains("Something went wrong on our side."));
        ProblemException notFound = new ProblemException(404, "not-found", "見つかりません", "Not found", null);
        assertTrue(PageErrors.page(notFound, "ja").contains("ページが見つかりません"));
        assertFalse(PageErrors.page(new ProblemException(400, "x", "a", "b", null, Map.of("incident", "inc-1")), "ja").contains("inc-1"),
                "an incident number only for failures");
    }
}
