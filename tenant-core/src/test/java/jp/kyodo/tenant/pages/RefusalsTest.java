package jp.kyodo.tenant.pages;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The filters' refusal pages: in each language, in the frame, the value escaped; Japanese outside a request. */
class RefusalsTest {

    @Test
    void eachRefusalSpeaksEachLanguage() {
        String[][] refusals = {{"refused.address.title", "refused.address.body"},
            {"refused.tooLarge.title", "refused.tooLarge.body"}, {"refused.notSent.title", "refused.noLength.body"},
            {"refused.notSent.title", "refused.crossSite.body"}, {"refused.notSent.title", "refused.staleForm.body"}};
        for (String tag : Languages.TAGS) {
            Text t = PageShell.FRAME.in(tag);
            for (String[] r : refusals) {
                String html = Refusals.html(t, r[0], t.t(r[1], "<16>"), "/");
                assertTrue(html.startsWith("<!DOCTYPE html>\n<html lang=\"" + Languages.htmlLang(tag) + "\">"), html);
                assertTrue(html.contains("<title>" + t.plain(r[0])) && html.contains("<h1>"), html);
                assertFalse(html.contains("[refused.") || html.contains("[error."), tag + ": " + html);
                assertFalse(html.contains("<16>"), "a value is escaped: " + html);
                assertTrue(html.contains("href=\"/\""), html);
            }
        }
    }

    @Test
    void theJapaneseRefusalsSayWhatHappened() {
        String html = Refusals.html(Languages.JAPANESE, "refused.tooLarge.title", "refused.tooLarge.body", 16L);
        assertTrue(html.contains("<h1>送信データが大きすぎます</h1>") && html.contains("合計 16 MB まで"), html);
        String crossSite = Refusals.html(Languages.JAPANESE, "refused.notSent.title", "refused.crossSite.body");
        assertTrue(crossSite.contains("<h1>送信できませんでした</h1>") && crossSite.contains("別のサイトから送られた"), crossSite);
    }
}
