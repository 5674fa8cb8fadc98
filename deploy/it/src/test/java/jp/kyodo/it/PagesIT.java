package jp.kyodo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/**
 * The pages moved to templates (issue 11), in Chromium at 390 px: the platform's front page, the city home, the
 * not-found page and the staff and admin homes, in all six languages, with no axe-core violation of ANY impact and
 * no sideways scroll; the design system's stylesheet and favicon are served and cacheable; the frame links operators
 * and admins to their tools; a second city's home never shows the first city's name or notices.
 */
@ExtendWith(ArquillianExtension.class)
class PagesIT {

    /** Each language's tag and the HTML lang it must give (やさしい日本語 is Japanese to a screen reader). */
    private static final Map<String, String> LANGUAGES = Map.of("ja", "ja", "ja-easy", "ja", "en", "en", "zh", "zh-Hans",
            "ko", "ko", "vi", "vi");

    private static TestCity city;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Platform.application();
    }

    static synchronized TestCity city() {
        if (city == null) {
            city = TestCity.create("462012");
        }
        return city;
    }

    @AfterAll
    static void cleanUp() {
        if (city != null) {
            city.close();
        }
    }

    static List<String> check(Chromium b, String label) {
        List<String> problems = new ArrayList<>();
        for (String v : b.allAccessibilityViolations()) {
            problems.add(label + " " + b.url() + ": " + v);
        }
        if (b.scrollsSideways()) {
            problems.add(label + " " + b.url() + ": scrolls sideways at 390 px");
        }
        return problems;
    }

    @Test
    void migratedPublicPagesInSixLanguagesHaveNoViolationsAtAll() {
        TestCity c = city();
        List<String> problems = new ArrayList<>();
        try (Chromium b = Chromium.start()) {
            for (var l : LANGUAGES.entrySet()) {
                for (String path : new String[] {"/?lang=", "/c/" + c.code + "/?lang=", "/c/" + c.code + "/no-such-page?lang="}) {
                    b.open(Platform.base() + path + l.getKey());
                    assertEquals(l.getValue(), b.find(By.tagName("html")).getAttribute("lang"), path + l.getKey());
                    assertEquals(6, b.driver.findElements(By.cssSelector(".lang-switch li")).size(), "six languages offered");
                    assertTrue(b.driver.findElements(By.cssSelector("[style]")).isEmpty(), "no inline styles: " + path);
                    problems.addAll(check(b, l.getKey() + " " + path));
                }
            }
            // やさしい日本語 gives furigana; the chosen language is remembered by the cookie
            b.open(Platform.base() + "/c/" + c.code + "/?lang=ja-easy");
            assertTrue(!b.driver.findElements(By.cssSelector("main ruby rt")).isEmpty(), "furigana in easy Japanese");
            b.open(Platform.base() + "/c/" + c.code + "/");
            assertEquals("ja", b.find(By.tagName("html")).getAttribute("lang"));
            assertTrue(b.find(By.tagName("h1")).getText().contains("サービス"), b::text);
            b.open(Platform.base() + "/c/" + c.code + "/?lang=zh");
            b.open(Platform.base() + "/c/" + c.code + "/");
            assertEquals("zh-Hans", b.find(By.tagName("html")).getAttribute("lang"), "the cookie keeps Chinese");
            b.click(By.cssSelector(".lang-switch a[href$='lang=ja']"));
            assertEquals("ja", b.find(By.tagName("html")).getAttribute("lang"));
        }
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }

    @Test
    void unknownPathsAnswer404InTheCitysFrame() {
        TestCity c = city();
        var r = Platform.get(Platform.base() + "/c/" + c.code + "/no-such-page", null);
        assertEquals(404, r.status());
        assertTrue(r.body().contains("ページが見つかりません") && r.body().contains("鹿児島市")
                && r.body().contains("href=\"/c/" + c.code + "/\""), r::body);
        var outside = Platform.get(Platform.base() + "/nothing/here?lang=en", null);
        assertEquals(404, outside.status());
        assertTrue(outside.body().contains("Page not found"), outside::body);
    }

    @Test
    void theStylesheetAndFaviconAreServedAndCached() throws Exception {
        var home = Platform.get(Platform.base() + "/c/" + city().code + "/", null).body();
        java.util.regex.Matcher css = java.util.regex.Pattern.compile("href=\"(/assets/kyodo\\.css\\?v=[0-9a-f]+)\"").matcher(home);
        assertTrue(css.find(), home);
        HttpResponse<String> sheet = Platform.HTTP.send(HttpRequest.newBuilder(URI.create(Platform.base() + css.group(1))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, sheet.statusCode());
        assertTrue(sheet.headers().firstValue("Content-Type").orElse("").startsWith("text/css"));
        assertTrue(sheet.headers().firstValue("Cache-Control").orElse("").contains("max-age=31536000"));
        assertTrue(sheet.body().contains("--color-primitive-blue-900: #0017c1") && sheet.body().contains(".error-summary"),
                "the Digital Agency's tokens and Kyodo's components");
        HttpResponse<String> icon = Platform.HTTP.send(HttpRequest.newBuilder(URI.create(Platform.base() + "/favicon.ico")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(301, icon.statusCode());
        assertEquals(200, Platform.get(Platform.base() + "/assets/favicon.svg", null).status());
    }

    @Test
    void theCitizensMigratedPagesInSixLanguagesAndTheInboxFormNeedsItsToken() {
        TestCity c = city();
        List<String> problems = new ArrayList<>();
        try (Chromium b = Chromium.start()) {
            b.open(Platform.base() + "/c/" + c.code + "/me/inbox");
            b.signIn(c.citizen, Platform.TEST_PASSWORD);
            for (var l : LANGUAGES.entrySet()) {
                for (String path : new String[] {"/me/inbox?lang=", "/me/security?lang="}) {
                    b.open(Platform.base() + "/c/" + c.code + path + l.getKey());
                    assertEquals(l.getValue(), b.find(By.tagName("html")).getAttribute("lang"), path + l.getKey());
                    assertTrue(b.driver.findElements(By.cssSelector("[style]")).isEmpty(), "no inline styles: " + path);
                    problems.addAll(check(b, l.getKey() + " " + path));
                }
            }
            b.open(Platform.base() + "/c/" + c.code + "/me/inbox?lang=ja");
            var forms = b.driver.findElements(By.cssSelector("form[action*='/me/inbox/'][action$='/read']"));
            assertTrue(!forms.isEmpty(), () -> "an unread message with its form expected: " + b.text());
            String action = forms.get(0).getAttribute("action");
            assertEquals(1, forms.get(0).findElements(By.cssSelector("input[type=hidden][name=_token]")).size(), "the form carries the token");
            // the same post without the session's token (what a forged form would send) is refused and changes nothing
            Object status = ((org.openqa.selenium.JavascriptExecutor) b.driver).executeAsyncScript(
                    "const done = arguments[arguments.length - 1];"
                            + "fetch(arguments[0], {method: 'POST', body: new URLSearchParams({_token: 'forged'}), redirect: 'manual'})"
                            + ".then(r => done(r.status)).catch(e => done(String(e)));", action);
            assertEquals(403L, status, "a post without the right token is refused (by the central form check)");
            b.open(Platform.base() + "/c/" + c.code + "/me/inbox?lang=ja");
            int unreadBefore = b.driver.findElements(By.cssSelector("form[action$='/read']")).size();
            b.click(By.cssSelector("form[action='" + action.replace(Platform.base(), "") + "'] button"));
            b.waitForUrl(u -> u.endsWith("/me/inbox"));
            assertEquals(unreadBefore - 1, b.driver.findElements(By.cssSelector("form[action$='/read']")).size(),
                    "marked read through the form (Post/Redirect/Get)");
        }
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }

    @Test
    void operatorsAndAdminsFindTheirToolsAndHomes() {
        TestCity c = city();
        List<String> problems = new ArrayList<>();
        try (Chromium b = Chromium.start()) {
            b.open(Platform.base() + "/c/" + c.code + "/staff");
            b.signIn(c.operator, Platform.TEST_PASSWORD);
            b.open(Platform.base() + "/c/" + c.code + "/me");
            b.click(By.cssSelector("header a[href='/c/" + c.code + "/staff']"));
            assertTrue(b.find(By.tagName("h1")).getText().contains("職員の業務"), b::text);
            assertTrue(!b.driver.findElements(By.cssSelector("main a[href='/c/" + c.code + "/staff/cases']")).isEmpty());
            for (String tag : LANGUAGES.keySet()) {
                b.open(Platform.base() + "/c/" + c.code + "/staff?lang=" + tag);
                problems.addAll(check(b, "staff home " + tag));
            }
            b.open(Platform.base() + "/c/" + c.code + "/admin?lang=ja");
            assertTrue(b.text().contains("権限がありません"), () -> "an operator is refused the admin home: " + b.text());
        }
        try (Chromium b = Chromium.start()) {
            b.open(Platform.base() + "/c/" + c.code + "/admin");
            b.signIn(c.admin, Platform.TEST_PASSWORD);
            b.open(Platform.base() + "/c/" + c.code + "/admin?lang=en");
            assertTrue(b.find(By.tagName("h1")).getText().contains("City administration"), b::text);
            assertTrue(!b.driver.findElements(By.cssSelector("header a[href='/c/" + c.code + "/admin']")).isEmpty());
            problems.addAll(check(b, "admin home"));
            b.click(By.cssSelector("header form[action='/logout'] button"));
            b.waitForUrl(u -> u.endsWith("/c/" + c.code + "/?signedout"));
            assertTrue(b.find(By.cssSelector("main [role=status]")).getText().contains("signed out"), b::text);
            problems.addAll(check(b, "signed out"));
        }
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }

    /**
     * The city administrator's editors (knowledge base, programme registry) in Chromium: every page of both in Japanese
     * and English and the two edit forms in all six languages, with no axe-core violation of any impact and no sideways
     * scroll at 390 px; a refused form (an empty FAQ) comes back with its error summary linking to the field, and the
     * rule's "check for errors" answers on the page.
     */
    @Test
    void theCityAdminsEditorsHaveNoViolationsAtAll() {
        TestCity c = city();
        String kb = Platform.base() + "/c/" + c.code + "/admin/knowledge";
        String pg = Platform.base() + "/c/" + c.code + "/admin/programmes";
        String programme = pg + "/" + c.programmeIds.get(0);
        List<String> problems = new ArrayList<>();
        try (Chromium b = Chromium.start()) {
            b.open(kb);
            b.signIn(c.admin, Platform.TEST_PASSWORD);
            List<String> pages = List.of(kb, kb + "/entries/new", kb + "/templates", kb + "/import", kb + "/synonyms",
                    kb + "/llm", kb + "/usage", pg, pg + "/new", programme, programme + "/history", programme + "/template-update");
            for (String page : pages) {
                for (String tag : List.of("ja", "en")) {
                    b.open(page + "?lang=" + tag);
                    assertTrue(b.driver.findElements(By.cssSelector("[style]")).isEmpty(), () -> "no style attribute: " + b.url());
                    problems.addAll(check(b, tag));
                }
            }
            b.open(kb + "?lang=ja");
            List<String> entries = b.driver.findElements(By.cssSelector("main table a")).stream()
                    .map(a -> a.getAttribute("href")).toList();
            assertTrue(!entries.isEmpty(), b::text);
            for (String tag : LANGUAGES.keySet()) {
                b.open(entries.get(0) + "?lang=" + tag);
                problems.addAll(check(b, "entry " + tag));
                b.open(programme + "?lang=" + tag);
                problems.addAll(check(b, "programme " + tag));
            }
            // an empty FAQ is refused on the page: the summary links to each field in error
            b.open(kb + "/entries/new?lang=ja");
            b.type(By.id("id"), "it-pages-" + Long.toString(System.nanoTime(), 36));
            b.click(By.cssSelector("button[value=draft]"));
            // find waits for the answered page (the click navigates)
            b.find(By.cssSelector(".error-summary a[href='#question']"));
            assertTrue(!b.driver.findElements(By.cssSelector(".error-summary a[href='#answer']")).isEmpty(), b::text);
            assertEquals("true", b.find(By.id("answer")).getAttribute("aria-invalid"));
            problems.addAll(check(b, "refused FAQ"));
            // the rule as shipped has no errors
            b.open(programme + "?lang=ja");
            b.click(By.cssSelector("button[value=validate]"));
            assertTrue(b.find(By.cssSelector("main .banner-success")).getText().contains("誤りは見つかりませんでした"), b::text);
            problems.addAll(check(b, "validated rule"));
        }
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }
}
