package jp.kyodo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
                    problems.addAll(BrowserIT.check(b, l.getKey() + " " + path));
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
                    problems.addAll(BrowserIT.check(b, l.getKey() + " " + path));
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
    void theCitizensOwnFormsInSixLanguagesHaveNoViolationsAndComeBackWithWhatWasTyped() {
        TestCity c = city();
        String base = Platform.base() + "/c/" + c.code;
        List<String> problems = new ArrayList<>();
        try (Chromium b = Chromium.start()) {
            b.open(base + "/inquiries");
            b.signIn(c.citizen, Platform.TEST_PASSWORD);
            String thread = b.find(By.cssSelector("main table a[href*='/inquiries/']")).getAttribute("href").replace(Platform.base(), "");
            for (var l : LANGUAGES.entrySet()) {
                for (String path : new String[] {"/me/profile", "/me/profile/edit", "/me/household", "/me/household/new",
                    "/me/household/" + c.householdIds.get(0) + "/delete", "/inquiries", "/inquiries/new", thread.substring(thread.indexOf("/inquiries/"))}) {
                    b.open(base + path + "?lang=" + l.getKey());
                    assertEquals(l.getValue(), b.find(By.tagName("html")).getAttribute("lang"), path + " " + l.getKey());
                    assertEquals(6, b.driver.findElements(By.cssSelector(".lang-switch li")).size(), "six languages offered: " + path);
                    assertTrue(b.driver.findElements(By.cssSelector("[style]")).isEmpty(), "no inline styles: " + path);
                    assertFalse(b.text().matches("(?s).*\\[(profile|household|inquiry|me)\\..*"), () -> "a missing message: " + b.text());
                    problems.addAll(BrowserIT.check(b, l.getKey() + " " + path));
                }
            }
            // the profile form refused in Korean: the summary links to the field, the message is the page's, input kept
            b.open(base + "/me/profile/edit?lang=ko");
            b.type(By.id("postalCode"), "66");
            b.type(By.id("municipality"), "<b>市</b>");
            b.submit(By.id("postalCode"));
            b.find(By.cssSelector(".error-summary a[href='#postalCode']"));
            assertTrue(b.text().contains("우편번호는 7자리 숫자로 입력해 주십시오"), b::text);
            assertEquals("66", b.find(By.id("postalCode")).getAttribute("value"));
            assertEquals("<b>市</b>", b.find(By.id("municipality")).getAttribute("value"), "typed text kept as typed");
            assertEquals("postalCode-hint postalCode-error", b.find(By.id("postalCode")).getAttribute("aria-describedby"));
            problems.addAll(BrowserIT.check(b, "ko profile refused"));
            // the household form refused in Vietnamese, then saved: Post/Redirect/Get back to the list
            b.open(base + "/me/household/new?lang=vi");
            b.type(By.id("fullName"), "試験 三郎");
            b.submit(By.id("fullName"));
            b.find(By.cssSelector(".error-summary a[href='#relationship']"));
            assertTrue(b.text().contains("Hãy chọn quan hệ từ danh sách"), b::text);
            assertEquals("試験 三郎", b.find(By.id("fullName")).getAttribute("value"));
            problems.addAll(BrowserIT.check(b, "vi household refused"));
            b.type(By.id("fullNameKana"), "しけん さぶろう");
            new org.openqa.selenium.support.ui.Select(b.find(By.id("relationship"))).selectByValue("child");
            b.submit(By.id("fullName"));
            b.waitForUrl(u -> u.endsWith("/me/household?saved=1"));
            assertTrue(b.text().contains("Đã lưu thông tin hộ gia đình"), b::text);
            // the inquiry form refused in Chinese: the subject's message and the typed question kept
            b.open(base + "/inquiries/new?lang=zh");
            new org.openqa.selenium.support.ui.Select(b.find(By.id("category"))).selectByValue("waste");
            b.type(By.id("message"), "收集日 " + c.canary);
            b.submit(By.id("message"));
            b.find(By.cssSelector(".error-summary a[href='#subject']"));
            assertTrue(b.text().contains("请填写主题。"), b::text);
            assertEquals("收集日 " + c.canary, b.find(By.id("message")).getAttribute("value"));
            problems.addAll(BrowserIT.check(b, "zh inquiry refused"));
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
                problems.addAll(BrowserIT.check(b, "staff home " + tag));
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
            problems.addAll(BrowserIT.check(b, "admin home"));
            b.click(By.cssSelector("header form[action='/logout'] button"));
            b.waitForUrl(u -> u.endsWith("/c/" + c.code + "/?signedout"));
            assertTrue(b.find(By.cssSelector("main [role=status]")).getText().contains("signed out"), b::text);
            problems.addAll(BrowserIT.check(b, "signed out"));
        }
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }

    /** A city that does not exist: a readable 404 in each of the six languages, with no axe-core violation. */
    @Test
    void anUnknownCityIsARefusalInSixLanguages() {
        List<String> problems = new ArrayList<>();
        try (Chromium b = Chromium.start()) {
            for (var l : LANGUAGES.entrySet()) {
                b.open(Platform.base() + "/c/999998/?lang=" + l.getKey());
                assertEquals(l.getValue(), b.find(By.tagName("html")).getAttribute("lang"), l.getKey());
                assertTrue(b.find(By.tagName("h1")).getText().length() > 0, b::text);
                problems.addAll(BrowserIT.check(b, l.getKey() + " unknown city"));
            }
        }
        var ja = Platform.get(Platform.base() + "/c/999998/", null);
        assertEquals(404, ja.status());
        assertTrue(ja.body().contains("この自治体のポータルはありません"), ja::body);
        assertTrue(Platform.get(Platform.base() + "/c/999998/?lang=en", null).body().contains("There is no portal"));
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }

    /**
     * The contact centre's case pages (issue 11, items 3, 4, 8): the queues, a queue sorted and filtered through the
     * query string, my cases, the new-case form with its errors, and the case view in all six languages, with no axe
     * violation of any impact, no inline style and no sideways scroll at 390 px; at 1280 px the case view is a desk
     * (the case facts beside the conversation, not under it).
     */
    @Test
    void contactCentreCasePagesInSixLanguagesAndTheDeskLayout() {
        TestCity c = city();
        String base = Platform.base() + "/c/" + c.code + "/staff/cases";
        List<String> problems = new ArrayList<>();
        try (Chromium b = Chromium.start()) {
            b.open(base);
            b.signIn(c.operator, Platform.TEST_PASSWORD);
            for (String path : List.of("", "/mine", "/queues/operator?sort=due&priority=&status=&q=" + c.canary, "/new")) {
                b.open(base + path);
                b.find(By.tagName("h1"));
                assertTrue(b.driver.findElements(By.cssSelector("[style]")).isEmpty(), "no inline styles: " + path);
                assertTrue(!b.driver.findElements(By.cssSelector("main .staff-header nav a[href$='/staff/cases/new']")).isEmpty(),
                        "the staff frame's own menu: " + path);
                problems.addAll(BrowserIT.check(b, "staff " + path));
            }
            b.open(base + "/queues/operator?sort=due&q=" + c.canary);
            assertEquals("due", new org.openqa.selenium.support.ui.Select(b.find(By.id("sort"))).getFirstSelectedOption()
                    .getAttribute("value"), "the sort order is kept in the form");
            b.open(base + "/new");
            b.type(By.id("subject"), "<b>件名</b>");
            b.submit(By.id("subject"));
            b.find(By.cssSelector(".error-summary a[href='#notes']"));
            assertEquals("<b>件名</b>", b.find(By.id("subject")).getAttribute("value"), "typed input kept");
            assertEquals("notes-error", b.find(By.id("notes")).getAttribute("aria-describedby"), "the error is tied to its field");
            problems.addAll(BrowserIT.check(b, "new case with errors"));
            String view = base + "/" + c.caseIds.get(0);
            for (var l : LANGUAGES.entrySet()) {
                b.open(view + "?lang=" + l.getKey());
                assertEquals(l.getValue(), b.find(By.tagName("html")).getAttribute("lang"), "case view " + l.getKey());
                assertTrue(b.driver.findElements(By.cssSelector("[style]")).isEmpty(), "no inline styles: " + l.getKey());
                assertTrue(!b.driver.findElements(By.cssSelector("#reply-form textarea")).isEmpty(), "the reply form");
                problems.addAll(BrowserIT.check(b, "case view " + l.getKey()));
            }
            b.open(view + "?lang=ja");
            b.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
            b.open(view + "?lang=ja");
            var facts = b.find(By.cssSelector(".desk-facts")).getRect();
            var conversation = b.find(By.cssSelector(".desk-main")).getRect();
            assertTrue(facts.getX() >= conversation.getX() + conversation.getWidth() && facts.getY() < conversation.getY()
                    + conversation.getHeight(), () -> "at 1280 px the facts are beside the conversation: " + facts.getX() + ","
                    + facts.getY() + " / " + conversation.getX() + "," + conversation.getY() + " " + conversation.getWidth());
            for (String v : b.allAccessibilityViolations()) {
                problems.add("case view at 1280 px: " + v);
            }
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
                    problems.addAll(BrowserIT.check(b, tag));
                }
            }
            b.open(kb + "?lang=ja");
            List<String> entries = b.driver.findElements(By.cssSelector("main table a")).stream()
                    .map(a -> a.getAttribute("href")).toList();
            assertTrue(!entries.isEmpty(), b::text);
            for (String tag : LANGUAGES.keySet()) {
                b.open(entries.get(0) + "?lang=" + tag);
                problems.addAll(BrowserIT.check(b, "entry " + tag));
                b.open(programme + "?lang=" + tag);
                problems.addAll(BrowserIT.check(b, "programme " + tag));
            }
            // an empty FAQ is refused on the page: the summary links to each field in error
            b.open(kb + "/entries/new?lang=ja");
            b.type(By.id("id"), "it-pages-" + Long.toString(System.nanoTime(), 36));
            b.click(By.cssSelector("button[value=draft]"));
            // find waits for the answered page (the click navigates)
            b.find(By.cssSelector(".error-summary a[href='#question']"));
            assertTrue(!b.driver.findElements(By.cssSelector(".error-summary a[href='#answer']")).isEmpty(), b::text);
            assertEquals("true", b.find(By.id("answer")).getAttribute("aria-invalid"));
            problems.addAll(BrowserIT.check(b, "refused FAQ"));
            // the rule as shipped has no errors
            b.open(programme + "?lang=ja");
            b.click(By.cssSelector("button[value=validate]"));
            assertTrue(b.find(By.cssSelector("main .banner-success")).getText().contains("誤りは見つかりませんでした"), b::text);
            problems.addAll(BrowserIT.check(b, "validated rule"));
        }
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }
}
