package jp.kyodo.tenant.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.CityStatus;
import org.junit.jupiter.api.Test;

/** The frame and components rendered from their precompiled templates (outside a request: no CDI). */
class FrameTest {

    @Test
    void frameMessagesAreConsistentInAllSixLanguages() {
        List<String> problems = MessagesCheck.problems(PageShell.FRAME, Path.of("").toAbsolutePath());
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void aKeyATemplateAsksForThatNoLanguageHasFailsTheCheck(@org.junit.jupiter.api.io.TempDir Path module) throws Exception {
        java.nio.file.Files.createDirectories(module.resolve("src/main/jte/pages"));
        java.nio.file.Files.writeString(module.resolve("src/main/jte/pages/x.jte"),
                "<%-- ${t.t(\"frame.inAComment\")} --%><p>${t.t(\"frame.skip\")} ${t.plain(\"frame.notThere\", 1)}</p>");
        java.nio.file.Files.createDirectories(module.resolve("src/main/java/x"));
        java.nio.file.Files.writeString(module.resolve("src/main/java/x/P.java"),
                "/** {@code t.t(\"frame.javadocExample\")} */ class P { Object m(Text t) { return t.t(\"frame.missingToo\"); } }");
        String all = String.join("\n", MessagesCheck.problems(PageShell.FRAME, module));
        assertTrue(all.contains("missing key frame.notThere: used in a template or class"), all);
        assertTrue(all.contains("missing key frame.missingToo:"), all);
        assertFalse(all.contains("missing key frame.skip"), all);
        assertFalse(all.contains("frame.inAComment") || all.contains("frame.javadocExample"), all);
    }

    @Test
    void theFrameEscapesTheTitleAndSpeaksEachLanguage() {
        for (String tag : Languages.TAGS) {
            String html = PageShell.frame(tag, "<script>alert(1)</script>", null, Ui.text("<b>x</b>"), null);
            assertTrue(html.startsWith("<!DOCTYPE html>\n<html lang=\"" + Languages.htmlLang(tag) + "\">"), html);
            assertFalse(html.contains("<script>alert(1)"), "title escaped");
            assertTrue(html.contains("&lt;b&gt;x&lt;/b&gt;"), "text content escaped");
            assertTrue(html.contains(DesignSystem.STYLESHEET_URL));
            assertFalse(html.contains("style="), "no inline styles");
            for (String other : Languages.TAGS) {
                assertTrue(html.contains("lang=\"" + Languages.htmlLang(other) + "\""), "switcher offers " + other);
            }
        }
    }

    @Test
    void aCityFrameHasItsNavigationAndBrandColours() {
        City city = new City(UUID.randomUUID(), "282022", "尼崎市", "あまがさきし", "兵庫県", CityStatus.ACTIVE, null);
        String html = PageShell.frame("en", "Home", city, Ui.text(""), PageShell.SIGNED_OUT);
        assertTrue(html.contains("href=\"/c/282022/me\""));
        assertTrue(html.contains("/assets/brand.css?p=0017c1&amp;s=00118f"), html);
        assertTrue(html.contains("You have signed out."));
    }

    @Test
    void aFieldWithAnErrorIsTiedToItsHintAndErrorAndKeepsTheInput() {
        FormState form = FormState.empty().value("email", "a\"b@example.jp").error("email", Ui.text("Enter an e-mail address"));
        String field = render(Ui.field(form, "email", Ui.text("E-mail"), Ui.text("We write to you here"), "email", "email"));
        assertTrue(field.contains("aria-describedby=\"email-hint email-error\""), field);
        assertTrue(field.contains("aria-invalid=\"true\""));
        assertTrue(field.contains("value=\"a&#34;b@example.jp\"") || field.contains("value=\"a&quot;b@example.jp\""), field);
        String summary = render(Ui.errorSummary(Ui.words("en"), form));
        assertTrue(summary.contains("<a href=\"#email\">Enter an e-mail address</a>"), summary);
        String clean = render(Ui.field(FormState.empty(), "name", Ui.text("Name"), null, "text", "name"));
        assertFalse(clean.contains("aria-invalid"), clean);
        assertFalse(clean.contains("aria-describedby"), clean);
    }

    @Test
    void valuesInMessagesAreEscapedAndContentIsNot() {
        String html = PageShell.frame("en", "t", null, Ui.words("en").t("notFound.title"), null);
        assertTrue(html.contains("Page not found"));
        Text fake = new Text("en", java.util.Map.of("k", "<strong>{0}</strong> and {1}"), java.util.Map.of());
        String page = PageShell.frame("en", "t", null, fake.t("k", "<script>", Ui.japanese("市")), null);
        assertTrue(page.contains("<strong>&lt;script&gt;</strong> and <span lang=\"ja\">市</span>"), page);
        assertEquals("x 3 y", new Text("en", java.util.Map.of("k", "x {0} <ruby>y<rt>z</rt></ruby>"), java.util.Map.of()).plain("k", 3));
    }

    @Test
    void plainTextDropsFuriganaAndMarkup() {
        assertEquals("本文へ いく", Ui.words("ja-easy").plain("frame.skip"));
    }

    @Test
    void easyJapaneseHasOneTag() {
        assertEquals("ja-easy", Languages.supported("JA-EASY"));
        assertEquals(null, Languages.supported("easy-ja"));
        assertEquals("ja", Languages.htmlLang("ja-easy"));
    }

    private static String render(gg.jte.Content c) {
        gg.jte.output.StringOutput out = new gg.jte.output.StringOutput();
        c.writeTo(out);
        return out.toString();
    }

    @Test
    void onlySixAsciiHexDigitsBecomeTheBrandColour() {
        assertEquals("0a1b2c", PageShell.hex("#0A1B2C", "0017c1"));
        for (String bad : new String[] {null, "", "0a1b2c", "#0a1b2", "#0a1b2c0", "#0a1b2g", "#０a1b2c", "#Ａa1b2c", "#0a1b2c;x"}) {
            assertEquals("0017c1", PageShell.hex(bad, "0017c1"), bad);
        }
    }

    @Test
    void inlineComponentsAddNoSpaceAroundThemselves() {
        // 「武蔵野市に登録されていません」, not 「武蔵野市 に…」: a template's final line break is written with it
        assertEquals("<p>A<span lang=\"ja\">武蔵野市</span>B</p>", render(o -> {
            o.writeContent("<p>A");
            Ui.japanese("武蔵野市").writeTo(o);
            o.writeContent("B</p>");
        }));
        assertEquals("<p>A<strong class=\"tag tag-new\">x</strong>B</p>", render(o -> {
            o.writeContent("<p>A");
            Ui.tag("new", Ui.text("x")).writeTo(o);
            o.writeContent("B</p>");
        }));
    }
}
