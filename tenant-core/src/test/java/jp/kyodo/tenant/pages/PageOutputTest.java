package jp.kyodo.tenant.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gg.jte.Content;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.html.HtmlTemplateOutput;
import gg.jte.html.OwaspHtmlTemplateOutput;
import gg.jte.output.StringOutput;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.CityStatus;
import org.junit.jupiter.api.Test;

/**
 * The pages' output ({@link PageOutput}) writes exactly what jte's own escaping output ({@link OwaspHtmlTemplateOutput})
 * writes: value by value in every place (element text, {@code <script>}, plain, URL and event-handler attributes,
 * {@code srcdoc}) with hostile values and many random ones, and the whole frame in every language.
 */
class PageOutputTest {

    private static final List<String> TAGS = Arrays.asList(null, "a", "A", "area", "base", "link", "img", "iframe", "form",
            "button", "input", "script", "SCRIPT", "Script", "td", "span", "select", "option", "strong", "html", "nav");
    private static final List<String> ATTRIBUTES = Arrays.asList(null, "href", "HREF", "hreF", "src", "Src", "action",
            "formaction", "formAction", "srcdoc", "SRCDOC", "onclick", "onClick", "ONLOAD", "on", "o", "data-label",
            "data-on", "aria-label", "aria-describedby", "lang", "hreflang", "class", "value", "id", "for", "name", "x",
            "viewBox", "style", "title", "content", "type", "");
    private static final List<String> VALUES = List.of("", "plain", "/c/282022/", "?lang=en", "#main", "2026-000100",
            "javascript:alert(1)", "JavaScript:alert(1)", " javascript:x", "\tjava\nscript:x", "\u000bjavascript:x",
            "\u2003javascript:x", "\u00a0javascript:x", "data:text/html,<script>x</script>", "DATA:x", " data:x", "d", "j",
            "D", "J", "vbscript:x", "<script>alert('x')</script>", "a&b<c>d\"e'f", "\"onmouseover=\"x", "尼崎市 <太郎> & 'x'",
            "/c/x?a=1&b=<2>\"'", "`${x}`\\/-\n\r\t\f\b$", "ｊavascript:x", "\u0130", "\u212a", "&amp;", "]]>", "-->");

    @Test
    void everyValueInEveryPlaceIsWrittenAsJteWritesIt() {
        for (String tag : TAGS) {
            for (String attribute : ATTRIBUTES) {
                for (String value : VALUES) {
                    assertSame(tag, attribute, value);
                }
            }
        }
    }

    @Test
    void randomValuesAreWrittenAsJteWritesThem() {
        Random random = new Random(20261205L);
        String alphabet = "jJdDaAvVsScCrRiIpPtT:; \t\n\r\u000b\f\u0000\u001f\u00a0\u2003<>&\"'`$/\\?#=-.x尼崎日ｊ\u0130\u212a";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder v = new StringBuilder();
            int length = random.nextInt(14);
            for (int k = 0; k < length; k++) {
                v.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            if (random.nextInt(4) == 0) {
                v.append(random.nextBoolean() ? "javascript:" : "data:");
            }
            String value = random.nextInt(3) == 0 ? v.reverse().toString() : v.toString();
            assertSame(TAGS.get(random.nextInt(TAGS.size())), ATTRIBUTES.get(random.nextInt(ATTRIBUTES.size())), value);
        }
    }

    @Test
    void contentPrimitivesAndNestedContextsAreWrittenAsJteWritesThem() {
        Content nested = out -> {
            out.writeContent("<b>");
            ((HtmlTemplateOutput) out).setContext("b", null);
            out.writeUserContent("x<y");
            ((HtmlTemplateOutput) out).setContext("a", "href");
            out.writeUserContent("javascript:z");
            ((HtmlTemplateOutput) out).setContext("a", "title");
            out.writeUserContent("\"t\"");
            out.writeContent("</b>");
        };
        for (String tag : TAGS) {
            for (String attribute : ATTRIBUTES) {
                assertSameWrites(out -> {
                    out.setContext(tag, attribute);
                    out.writeUserContent(nested);
                    out.setContext(tag, attribute);
                    out.writeUserContent(Ui.text("<i>&</i>"));
                    out.setContext(tag, attribute);
                    out.writeUserContent((Content) null);
                    out.writeUserContent((String) null);
                    out.writeUserContent(42);
                    out.writeUserContent(-7L);
                    out.writeUserContent(true);
                    out.writeUserContent(1.5);
                    out.writeUserContent(2.5f);
                    out.writeUserContent((short) 3);
                    out.writeUserContent((byte) 4);
                    out.writeUserContent('<');
                    out.writeUserContent(Character.valueOf('"'));
                    out.writeUserContent(Integer.valueOf(5));
                    out.writeUserContent(Boolean.FALSE);
                    out.writeUserContent(CityStatus.ACTIVE);
                    out.writeContent("abcdef", 1, 4);
                }, tag + " " + attribute);
            }
        }
    }

    @Test
    void theFrameIsTheFrameJteWouldRender() {
        TemplateEngine jte = TemplateEngine.createPrecompiled(null, ContentType.Html, PageShell.class.getClassLoader(),
                "jp.kyodo.tenant.pages.templates");
        City city = new City(UUID.randomUUID(), "282022", "尼崎市", "あまがさきし", "兵庫県", CityStatus.ACTIVE, null);
        Content main = out -> {
            out.writeContent("<p>");
            Ui.japanese("<太郎> & \"x\"").writeTo(out);
            Ui.tag("warning", Ui.text("期限 <超過>")).writeTo(out);
            out.writeContent("</p>");
        };
        for (String tag : Languages.TAGS) {
            for (City c : Arrays.asList(city, null)) {
                String title = "タイトル <script>alert(1)</script> & \"q\"";
                String notice = c == null ? null : PageShell.SIGNED_OUT;
                StringOutput reference = new StringOutput();
                jte.render("frame/page.jte", Map.of("f", PageShell.frameOf(tag, title, c, notice), "main", main), reference);
                assertEquals(reference.toString(), PageShell.frame(tag, title, c, main, notice), tag + " " + c);
            }
        }
    }

    /**
     * The language switcher is rendered once per language and address and then reused ({@link LanguageSwitcher}): what
     * is reused is what jte renders for it, for every language and for ordinary, hostile and too long addresses, and
     * written into the frame as it is (the frame test above compares the rest).
     */
    @Test
    void theKeptLanguageSwitcherIsTheSwitcherJteWouldRender() {
        TemplateEngine jte = TemplateEngine.createPrecompiled(null, ContentType.Html, PageShell.class.getClassLoader(),
                "jp.kyodo.tenant.pages.templates");
        List<String> addresses = new ArrayList<>(List.of("?lang=", "/c/282022/me?lang=", "/c/282022/staff/cases/2026-000100?lang=",
                "/c/282022/\"><script>alert(1)</script>?lang=", "javascript:alert(1)//?lang=", "data:x?lang=",
                "/c/282022/知らない&amp;<x>?lang=", "/" + "x".repeat(LanguageSwitcher.MAX_ADDRESS_LENGTH) + "?lang="));
        for (String tag : Languages.TAGS) {
            for (String address : addresses) {
                List<Frame.LanguageLink> links = new ArrayList<>();
                for (String other : Languages.TAGS) {
                    links.add(new Frame.LanguageLink(other, Languages.htmlLang(other), Languages.nativeName(other),
                            address + other, other.equals(tag)));
                }
                StringOutput reference = new StringOutput();
                jte.render("frame/languages.jte", Map.of("t", PageShell.FRAME.in(tag), "languages", links), reference);
                Content first = LanguageSwitcher.of(tag, address);
                Content again = LanguageSwitcher.of(tag, address);
                assertEquals(reference.toString(), ((LanguageSwitcher.Rendered) first).html(), tag + " " + address);
                assertEquals(reference.toString(), ((LanguageSwitcher.Rendered) again).html(), tag + " " + address);
                assertEquals(address.length() <= LanguageSwitcher.MAX_ADDRESS_LENGTH, first == again, "kept: " + address);
                StringOutput written = new StringOutput();
                again.writeTo(new OwaspHtmlTemplateOutput(written));
                assertEquals(reference.toString(), written.toString(), "written as it is");
            }
        }
        // bounded: a language keeps at most MAX_ADDRESSES addresses
        for (int i = 0; i < 3 * LanguageSwitcher.MAX_ADDRESSES; i++) {
            LanguageSwitcher.of("vi", "/c/282022/unknown-" + i + "?lang=");
            assertTrue(LanguageSwitcher.kept("vi") <= LanguageSwitcher.MAX_ADDRESSES, () -> "kept " + LanguageSwitcher.kept("vi"));
        }
    }

    @Test
    void aPageRenderedWhileAnotherIsBeingRenderedGetsItsOwnBuffer() {
        List<String> inner = new ArrayList<>();
        Content main = out -> {
            out.writeContent("<p>outer-before</p>");
            inner.add(PageShell.frame("en", "inner", null, Ui.text("inner body"), null));
            out.writeContent("<p>outer-after</p>");
        };
        String outer = PageShell.frame("ja", "outer", null, main, null);
        assertTrue(outer.contains("<p>outer-before</p><p>outer-after</p>"), outer);
        assertFalse(outer.contains("inner body"), outer);
        assertTrue(inner.get(0).contains("inner body") && inner.get(0).startsWith("<!DOCTYPE html>"), inner.get(0));
        assertFalse(inner.get(0).contains("outer"), inner.get(0));
        // and the next page on this thread starts empty
        assertEquals(PageShell.frame("ja", "outer", null, main, null).length(), outer.length());
    }

    private static void assertSame(String tag, String attribute, String value) {
        assertSameWrites(out -> {
            out.setContext(tag, attribute);
            out.writeUserContent(value);
        }, tag + " " + attribute + " " + value);
    }

    private static void assertSameWrites(Consumer<HtmlTemplateOutput> writes, String what) {
        StringOutput reference = new StringOutput();
        writes.accept(new OwaspHtmlTemplateOutput(reference));
        PageOutput ours = new PageOutput(new char[3]); // small: grown while written
        writes.accept(ours);
        assertEquals(reference.toString(), ours.toString(), what);
    }
}
