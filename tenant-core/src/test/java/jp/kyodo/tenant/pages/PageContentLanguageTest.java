package jp.kyodo.tenant.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class PageContentLanguageTest {

    @Test
    void aPageSaysTheLanguageItIsWrittenIn() {
        assertEquals("ja", PageContentLanguage.languageOf(PageShell.render("ja", "お知らせ", null, "<h1>お知らせ</h1>")));
        assertEquals("en", PageContentLanguage.languageOf(PageShell.renderTranslated("en", "Notice", null, "<h1>Notice</h1>")));
    }

    @Test
    void anythingElseIsLeftAlone() {
        assertNull(PageContentLanguage.languageOf("{\"lang\":\"en\"}"));
        assertNull(PageContentLanguage.languageOf(new byte[0]));
        assertNull(PageContentLanguage.languageOf(null));
    }
}
