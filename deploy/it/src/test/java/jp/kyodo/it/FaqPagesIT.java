package jp.kyodo.it;

import static jp.kyodo.it.Platform.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The city's よくある質問 (issue #11 item 9): every published knowledge entry has its own page, browsable by category
 * and searchable, and the concierge's source links there when the entry has no page on the city's site. In headless
 * Chromium at 390 px with every axe-core violation of any impact; then over HTTP what must never show: a draft, the
 * working copy of a published entry being edited, an unpublished entry, another city's entry.
 */
@ExtendWith(ArquillianExtension.class)
class FaqPagesIT {

    private static final By SEARCH = By.cssSelector("form[role=search] button[type=submit]");
    private static TestCity ama;
    private static TestCity msn;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Platform.application();
    }

    @AfterAll
    static void cleanUp() {
        TestCity.closeAll(ama, msn);
    }

    private static synchronized void cities() {
        if (ama == null) {
            TestCity[] pair = TestCity.demoPair();
            ama = pair[0];
            msn = pair[1];
        }
    }

    @Test
    void aResidentBrowsesSearchesAndReadsTheCitysAnswersOnAPhone() {
        cities();
        String city = Platform.base() + "/c/" + ama.code;
        List<String> problems = new ArrayList<>();
        try (Chromium b = Chromium.start()) {
            // from the city's home, by category
            b.open(city + "/?lang=ja");
            b.clickThrough(By.cssSelector("main a[href='/c/" + ama.code + "/faq']"));
            assertEquals("ja", b.find(By.tagName("html")).getAttribute("lang"));
            problems.addAll(BrowserIT.check(b, "faq"));
            List<WebElement> categories = b.driver.findElements(By.cssSelector("main ul[aria-labelledby=categories] a"));
            assertTrue(categories.size() >= 3, "the demo knowledge has several categories: " + categories.size());
            b.clickThrough(By.cssSelector("main ul[aria-labelledby=categories] a"));
            problems.addAll(BrowserIT.check(b, "category"));
            List<WebElement> inCategory = b.driver.findElements(By.cssSelector("#results li a"));
            assertFalse(inCategory.isEmpty(), b::text);
            String title = inCategory.get(0).getText();
            b.clickThrough(By.cssSelector("#results li a"));
            assertEquals(title, b.find(By.cssSelector("main h1")).getText());
            assertTrue(b.url().matches(".*/c/" + ama.code + "/faq/[A-Za-z0-9._-]+"), b.url());
            problems.addAll(BrowserIT.check(b, "entry"));

            // by words: every word must occur; full and half width, katakana and hiragana are the same
            b.open(city + "/faq?lang=ja");
            b.type(By.id("q"), "住民票\u3000ｺﾝﾋﾞﾆ");
            b.clickThrough(SEARCH);
            b.find(By.cssSelector("#results a[href$='/faq/ama-juminhyo-conbini']"));
            problems.addAll(BrowserIT.check(b, "search"));
            b.type(By.id("q"), "住民票 ずんだもち");
            b.clickThrough(SEARCH);
            assertTrue(b.driver.findElements(By.cssSelector("#results li a")).isEmpty(), "every word must occur: " + b.text());
            b.type(By.id("q"), "こんびに");
            b.clickThrough(SEARCH);
            b.find(By.cssSelector("#results a[href$='/faq/ama-juminhyo-conbini']"));
            b.type(By.id("q"), "ずんだもち天体観測");
            b.clickThrough(SEARCH);
            assertTrue(b.find(By.cssSelector("#results")).getText().contains("見つかりませんでした"), b::text);
            problems.addAll(BrowserIT.check(b, "no match"));

            // too long: the error summary links to the field, the words are kept, status 400
            b.open(city + "/faq?lang=ja&q=" + "あ".repeat(201));
            assertTrue(b.find(By.cssSelector(".error-summary a[href='#q']")).getText().contains("200文字以内"), b::text);
            assertEquals("あ".repeat(201), b.find(By.id("q")).getAttribute("value"));
            problems.addAll(BrowserIT.check(b, "too long"));

            // in English the page is English and the city's words are marked Japanese
            b.open(city + "/faq/ama-juminhyo-shutoku?lang=en");
            assertEquals("en", b.find(By.tagName("html")).getAttribute("lang"));
            assertEquals("ja", b.find(By.cssSelector("main article")).getAttribute("lang"));
            assertTrue(b.text().contains("Back to the list of questions"), b::text);
            problems.addAll(BrowserIT.check(b, "entry en"));

            // the concierge's source is the entry's page here (the demo entries have no page on a city site)
            b.open(city + "/ask?lang=ja");
            b.type(By.id("question"), "住民票の写しがほしい");
            b.clickThrough(By.cssSelector("button[name=action][value=ask]"));
            b.clickThrough(By.cssSelector("main a[href='/c/" + ama.code + "/faq/ama-juminhyo-shutoku']"));
            assertEquals("住民票の写しを取得したい", b.find(By.cssSelector("main h1")).getText());
        }
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }

    @Test
    void onlyWhatTheCityPublishedIsShownAndOnlyInThatCity() throws Exception {
        cities();
        String nonce = Long.toString(System.nanoTime(), 36);
        String id = "it-faq-" + nonce;
        String question = "よくある質問ページの確認" + nonce;
        WebSignInIT.Browser visitor = new WebSignInIT.Browser();
        String page = Platform.base() + "/c/" + ama.code + "/faq/" + id;
        String search = Platform.base() + "/c/" + ama.code + "/faq?q=" + nonce;

        var draft = call("POST", "/api/v1/knowledge/faqs", ama.staffToken(),
                KnowledgeBaseIT.faq(id, question, "下書きの回答 DRAFT-" + nonce, false));
        assertEquals(201, draft.status(), draft::toString);
        var notYet = visitor.get(page);
        assertEquals(404, notYet.statusCode(), "a draft has no page");
        assertTrue(notYet.body().contains("<main") && notYet.body().contains("/c/" + ama.code + "/"),
                "the city's own not-found page");
        assertFalse(visitor.get(search).body().contains(id), "a draft is not found");

        assertEquals(200, call("POST", "/api/v1/knowledge/entries/" + id + "/publish", ama.staffToken(), null).status());
        var published = visitor.get(page);
        assertEquals(200, published.statusCode(), published::body);
        assertTrue(published.body().contains("DRAFT-" + nonce) && published.body().contains(question), published::body);
        assertTrue(visitor.get(search).body().contains("/faq/" + id), "found by a word of it once published");

        // a new working copy: the page keeps the published text until it is published
        assertEquals(200, call("PUT", "/api/v1/knowledge/faqs/" + id, ama.staffToken(),
                KnowledgeBaseIT.faq(id, question, "編集中の回答 EDITED-" + nonce, false)).status());
        var stillPublished = visitor.get(page).body();
        assertTrue(stillPublished.contains("DRAFT-" + nonce) && !stillPublished.contains("EDITED-" + nonce), stillPublished);

        // the other city: neither its page nor its search knows the entry, and its own entries stay its own
        assertEquals(404, visitor.get(Platform.base() + "/c/" + msn.code + "/faq/" + id).statusCode());
        assertFalse(visitor.get(Platform.base() + "/c/" + msn.code + "/faq?q=" + nonce).body().contains(id));
        assertEquals(404, visitor.get(Platform.base() + "/c/" + msn.code + "/faq/ama-juminhyo-shutoku").statusCode());
        assertEquals(404, visitor.get(Platform.base() + "/c/" + ama.code + "/faq/%3Cscript%3E").statusCode());
        int traversal = visitor.get(Platform.base() + "/c/" + ama.code + "/faq/..%2F..%2Fetc").statusCode();
        assertTrue(traversal == 400 || traversal == 404, "refused: " + traversal);

        // withdrawn: gone
        assertEquals(200, call("POST", "/api/v1/knowledge/entries/" + id + "/unpublish", ama.staffToken(), null).status());
        assertEquals(404, visitor.get(page).statusCode());
        assertEquals(204, call("DELETE", "/api/v1/knowledge/entries/" + id, ama.adminToken(), null).status());
    }
}
