package jp.kyodo.tenant.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class PageContentLanguageTest {

    @Test
    void aPageSaysTheLanguageItIsWrittenIn() {
        assertEquals("ja", PageContentLanguage.languageOf(PageShell.page("ja", "お知らせ", null, Ui.text("お知らせ"), null)));
        assertEquals("en", PageContentLanguage.languageOf(PageShell.page("en", "Notice", null, Ui.text("Notice"), null)));
    }

    @Test
    void anythingElseIsLeftAlone() {
        assertNull(PageContentLanguage.languageOf("{\"lang\":\"en\"}"));
        assertNull(PageContentLanguage.languageOf(new byte[0]));
        assertNull(PageContentLanguage.languageOf(null));
    }
}
