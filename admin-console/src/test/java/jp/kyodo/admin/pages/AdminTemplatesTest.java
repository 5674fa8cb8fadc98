package jp.kyodo.admin.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import jp.kyodo.admin.national.SuppressedStatistics;
import jp.kyodo.admin.national.internal.CityStatistics;
import jp.kyodo.tenant.pages.Languages;
import jp.kyodo.tenant.pages.MessagesCheck;
import org.junit.jupiter.api.Test;

/** The console's bundle is complete in six languages; the national page suppresses small counts and says which. */
class AdminTemplatesTest {

    private static final List<CityStatistics.Row> ROWS = List.of(
            new CityStatistics.Row("131016", "千代田区", "東京都", "ACTIVE", 1250, 1234, 16, 3, 120),
            new CityStatistics.Row("282022", "尼崎<市>", "兵庫県", "ACTIVE", 9, 7, 2, 0, 40));

    @Test
    void consoleMessagesAreConsistentInAllSixLanguages() {
        List<String> problems = MessagesCheck.problems(AdminPages.MESSAGES, Path.of("").toAbsolutePath());
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void countsFromOneToNineAreSuppressedAndNamed() {
        SuppressedStatistics s = SuppressedStatistics.of(ROWS);
        var amagasaki = s.rows().get(1).cells();
        assertTrue(amagasaki.get(0).suppressed() && amagasaki.get(0).value() == null, "7 citizens hidden");
        assertTrue(amagasaki.get(1).suppressed(), "2 staff hidden");
        assertFalse(amagasaki.get(2).suppressed(), "0 is not a small group of people");
        assertFalse(amagasaki.get(3).suppressed(), "40 shown");
        assertFalse(s.rows().get(0).cells().get(1).suppressed(), "16 shown");
        assertTrue(s.rows().get(0).cells().get(2).suppressed(), "3 notices hidden");
        assertEquals(3, s.suppressed().size());
        assertEquals(1234, s.total(0), "the total leaves the suppressed 7 out, so it cannot be subtracted back");
        assertEquals(0, s.bars(0, 150, 28).get(1).width(), "no bar for a suppressed cell");
    }

    @Test
    void theNationalPageRendersChartsTableAndNotesWithoutTheSuppressedNumbers() {
        SuppressedStatistics s = SuppressedStatistics.of(ROWS);
        for (String tag : Languages.TAGS) {
            String html = AdminPages.TEMPLATES.render("national/statistics.jte",
                    Map.of("t", AdminPages.MESSAGES.in(tag), "s", s));
            assertTrue(html.contains("<svg class=\"chart-svg\" role=\"img\""), tag);
            assertTrue(html.contains("尼崎&lt;市&gt;"), "escaped: " + tag);
            assertFalse(html.contains(">7<") || html.contains(">2<") || html.contains(">3<"), "suppressed values never shown: " + html);
            assertTrue(html.contains("1,234"), tag);
            assertFalse(html.contains("[national.") || html.contains("style="), tag);
        }
    }
}
