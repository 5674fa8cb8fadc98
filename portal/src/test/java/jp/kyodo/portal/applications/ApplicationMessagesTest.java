package jp.kyodo.portal.applications;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gg.jte.Content;
import gg.jte.html.OwaspHtmlTemplateOutput;
import gg.jte.output.StringOutput;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.kyodo.crm.applications.FieldError;
import jp.kyodo.portal.pages.PortalPages;
import jp.kyodo.tenant.pages.Languages;
import jp.kyodo.tenant.pages.Text;
import jp.kyodo.tenant.pages.Ui;
import org.junit.jupiter.api.Test;

/** The application service's field errors are worded by the page in each of the six languages, never only ja/en. */
class ApplicationMessagesTest {

    @Test
    void everyCodeIsWordedInEveryLanguageWithTheFieldsLabelAndFigures() {
        Map<String, Content> labels = Map.of("children[0].birthDate", Ui.text("<生年月日>"));
        for (String tag : Languages.TAGS) {
            Text t = PortalPages.MESSAGES.in(tag);
            Set<String> seen = new HashSet<>();
            for (String code : FieldError.CODES) {
                FieldError e = new FieldError("children[1].birthDate", "日本語の文", "English sentence", code, List.of("17", "2001"));
                String html = render(ApplicationPages.message(t, e, labels));
                assertFalse(html.contains("[apply.") || html.contains("日本語の文") || html.contains("English sentence"),
                        tag + " " + code + ": " + html);
                assertTrue(seen.add(html), tag + " " + code + " says the same as another code: " + html);
                if (!code.startsWith("message") && !code.equals("noSuchDocument") && !code.equals("tooManyAnswers")) {
                    assertTrue(html.contains("&lt;生年月日&gt;"), tag + " " + code + " names the field (row 0's label): " + html);
                }
            }
            assertTrue(render(ApplicationPages.message(t, new FieldError("x.y", "a", "b", "tooLong", List.of("40", "41")),
                    labels)).contains("40"), tag);
        }
    }

    @Test
    void anErrorWithoutACodeIsTheServicesSentenceInJapaneseAndEnglishAndCheckThisFieldElsewhere() {
        FieldError e = new FieldError("children[0].birthDate", "日本語の文", "English sentence");
        Map<String, Content> labels = Map.of("children[0].birthDate", Ui.text("生年月日"));
        assertEquals("日本語の文", render(ApplicationPages.message(PortalPages.MESSAGES.in("ja"), e, labels)));
        assertEquals("English sentence", render(ApplicationPages.message(PortalPages.MESSAGES.in("en"), e, labels)));
        assertEquals("请检查“生年月日”。", render(ApplicationPages.message(PortalPages.MESSAGES.in("zh"), e, labels)));
    }

    private static String render(Content c) {
        StringOutput out = new StringOutput();
        c.writeTo(new OwaspHtmlTemplateOutput(out));
        return out.toString();
    }
}
