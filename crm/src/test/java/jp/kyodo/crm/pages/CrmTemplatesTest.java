package jp.kyodo.crm.pages;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import jp.kyodo.tenant.pages.Languages;
import jp.kyodo.tenant.pages.MessagesCheck;
import org.junit.jupiter.api.Test;

/** The contact centre's bundle is complete in six languages, and its templates render in each. */
class CrmTemplatesTest {

    @Test
    void contactCentreMessagesAreConsistentInAllSixLanguages() {
        List<String> problems = MessagesCheck.problems(CrmPages.MESSAGES, Path.of("").toAbsolutePath());
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void theStaffMenuRendersInEveryLanguageWithEscapedLinks() {
        for (String tag : Languages.TAGS) {
            String html = CrmPages.TEMPLATES.render("staff/nav.jte",
                    Map.of("t", CrmPages.MESSAGES.in(tag), "base", "/c/\"x/"));
            assertTrue(html.contains("href=\"/c/&#34;x/staff/cases\""), html);
            assertFalse(html.contains("[staff."), tag + ": " + html);
        }
    }
}
