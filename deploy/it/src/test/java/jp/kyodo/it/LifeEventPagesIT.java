package jp.kyodo.it;

import static jp.kyodo.it.Platform.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Life-event bundles on the citizen's pages (issue #13, item 2) in real headless Chromium at 390 px: from マイページ to
 * the offer, start 出生, see what the record already says and from where, answer each question on its own form (a
 * refused answer comes back with the error summary in Japanese linked to the field, and nothing is saved), see the plan,
 * prepare the drafts and find a link to each, still a draft — the page files nothing. Every page passes axe-core and
 * does not scroll sideways. A citizen of another city gets the not-found page for the bundle in their own city and the
 * refusal in this one.
 */
@ExtendWith(ArquillianExtension.class)
class LifeEventPagesIT {

    private static final By ANSWER = By.cssSelector("form[action$='/answer'] button[type=submit]");
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

    @Test
    void aCitizenPreparesABirthOnThePagesAndNobodyElseSeesIt() {
        TestCity[] pair = TestCity.demoPair();
        ama = pair[0];
        msn = pair[1];
        LifeEventBundleIT.newborn(ama);
        String token = ama.citizenToken();
        String city = Platform.base() + "/c/" + ama.code;
        List<String> problems = new ArrayList<>();
        String id;
        try (Chromium b = Chromium.start()) {
            b.open(city + "/me");
            b.signIn(ama.citizen, Platform.TEST_PASSWORD);
            b.waitForUrl(u -> u.startsWith(city + "/me"));
            b.click(By.cssSelector("main a[href$='/me/life-events']"));
            b.waitForUrl(u -> u.endsWith("/me/life-events"));
            assertEquals("ja", b.find(By.tagName("html")).getAttribute("lang"));
            assertEquals(3, b.driver.findElements(By.cssSelector("form[action$='/me/life-events'] input[name=bundle]")).size(),
                    "出生・転入・おくやみ on offer");
            problems.addAll(BrowserIT.check(b, "offer"));

            b.click(By.cssSelector("form:has(input[value='birth']) button[type=submit]"));
            b.waitForUrl(u -> u.matches(".*/me/life-events/[0-9a-f-]{36}$"));
            id = b.url().replaceAll(".*/me/life-events/", "");
            String page = b.text();
            assertTrue(page.contains("試験 三郎") && page.contains("世帯の情報から") && page.contains("06-6375-0000")
                    && page.contains("登録情報（プロフィール）から"), page);
            assertEquals("receivesAllowance", b.driver.findElement(By.name("question")).getAttribute("value"));
            problems.addAll(BrowserIT.check(b, "first question"));

            // a refused answer (no choice made): the error summary in Japanese, linked to the field; nothing saved
            b.click(ANSWER);
            WebElement summary = b.find(By.cssSelector(".error-summary"));
            assertTrue(summary.getText().contains("選択肢から一つ選んでください"), summary::getText);
            assertEquals("#value", summary.findElement(By.tagName("a")).getAttribute("href").replaceAll(".*#", "#"));
            assertFalse(b.driver.findElements(By.id("value")).isEmpty(), "the link leads to the question's fieldset");
            assertTrue(b.driver.getTitle().startsWith("エラー"), b.driver.getTitle());
            problems.addAll(BrowserIT.check(b, "refused answer"));
            JsonObject saved = get("/api/v1/my/life-events/" + id, token).json();
            assertTrue(saved.getJsonObject("answers").isEmpty(), saved::toString);
            assertEquals("receivesAllowance", saved.getJsonObject("question").getString("id"));

            Map<String, String> replies = new LinkedHashMap<>(Map.of("receivesAllowance", "no", "insurance", "kosei",
                    "employer", "試験株式会社", "childInsurer", "全国健康保険協会", "bankName", "試験銀行", "branch", "本店",
                    "accountType", "futsu", "accountNumber", "1234567"));
            List<String> asked = new ArrayList<>();
            WebDriverWait wait = new WebDriverWait(b.driver, Duration.ofSeconds(20));
            wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
            while (!b.driver.findElements(By.name("question")).isEmpty()) {
                String q = b.driver.findElement(By.name("question")).getAttribute("value");
                assertTrue(replies.containsKey(q) && !asked.contains(q), () -> "unexpected question " + q + " after " + asked);
                asked.add(q);
                if (q.equals("accountNumber")) {
                    // too long: refused with the field marked and what was typed kept
                    b.type(By.id("value"), "12345678");
                    b.submit(By.id("value"));
                    assertTrue(b.find(By.cssSelector(".error-summary")).getText().contains("7文字以内"), b::text);
                    assertEquals("true", b.find(By.id("value")).getAttribute("aria-invalid"));
                    assertEquals("12345678", b.find(By.id("value")).getAttribute("value"));
                    problems.addAll(BrowserIT.check(b, "refused account number"));
                    assertFalse(get("/api/v1/my/life-events/" + id, token).json().getJsonObject("answers")
                            .containsKey("accountNumber"), "a refused answer is not saved");
                }
                String reply = replies.get(q);
                if (!b.driver.findElements(By.id("value-" + reply)).isEmpty()) {
                    b.click(By.cssSelector("label[for='value-" + reply + "']"));
                } else {
                    b.type(By.id("value"), reply);
                }
                b.click(ANSWER);
                wait.until(d -> d.findElements(By.cssSelector(".error-summary")).isEmpty() && (d.findElements(By.name("question"))
                        .isEmpty() || !q.equals(d.findElement(By.name("question")).getAttribute("value"))));
                assertTrue(asked.size() < 20);
            }
            assertEquals(List.of("receivesAllowance", "insurance", "employer", "childInsurer", "bankName", "branch",
                    "accountType", "accountNumber"), asked, "each question once, on its own form");
            String plan = b.text();
            assertTrue(plan.contains("児童手当") && plan.contains("試験株式会社") && plan.contains("窓口で届け出")
                    && plan.contains("厚生年金・健康保険（会社）"), plan);
            problems.addAll(BrowserIT.check(b, "plan"));

            // the person changes an answer on the page; the plan follows
            b.click(By.cssSelector("a[href$='?change=branch']"));
            assertEquals("本店", b.find(By.id("value")).getAttribute("value"));
            b.type(By.id("value"), "駅前支店");
            b.submit(By.id("value"));
            b.find(By.cssSelector("form[action$='/drafts']"));
            assertEquals("駅前支店", get("/api/v1/my/life-events/" + id, token).json().getJsonObject("answers").getString("branch"));

            // the drafts: prepared, linked, nothing submitted
            b.click(By.cssSelector("form[action$='/drafts'] button"));
            b.waitForUrl(u -> u.endsWith("?prepared"));
            List<String> links = b.driver.findElements(By.cssSelector(".bundle-draft a")).stream()
                    .map(a -> a.getAttribute("href")).toList();
            assertEquals(2, links.size(), () -> "児童手当 and こども医療費: " + links);
            problems.addAll(BrowserIT.check(b, "prepared"));
            JsonObject prepared = get("/api/v1/my/life-events/" + id, token).json();
            assertEquals("PREPARED", prepared.getString("status"));
            for (String link : links) {
                String app = link.replaceAll(".*/me/applications/", "");
                assertEquals("DRAFT", get("/api/v1/my/applications/" + app, token).json().getString("status"),
                        "the page never submits");
            }
            b.open(links.get(0));
            b.find(By.tagName("h1"));
            String draftPage = b.driver.getPageSource();
            assertTrue(draftPage.contains("駅前支店") || draftPage.contains("全国健康保険協会"), "the draft's own page: " + draftPage);

            // my bundles list it; the page in English
            b.open(city + "/me/life-events");
            assertFalse(b.driver.findElements(By.cssSelector("a[href$='/me/life-events/" + id + "']")).isEmpty(), b::text);
            b.open(city + "/me/life-events/" + id + "?lang=en");
            assertEquals("en", b.find(By.tagName("html")).getAttribute("lang"));
            assertTrue(b.text().contains("Check the draft and submit it"), b::text);
            problems.addAll(BrowserIT.check(b, "prepared (English)"));
        }

        // a citizen of another city: the bundle is not found in their city, and this city's pages refuse them
        try (Chromium b = Chromium.start()) {
            b.open(Platform.base() + "/c/" + msn.code + "/me/life-events/" + id);
            b.signIn(msn.citizen, Platform.TEST_PASSWORD);
            b.waitForUrl(u -> u.startsWith(Platform.base() + "/c/" + msn.code + "/"));
            b.open(Platform.base() + "/c/" + msn.code + "/me/life-events/" + id);
            assertTrue(b.text().contains("ページが見つかりません"), b::text);
            assertFalse(b.text().contains("試験 三郎"), b::text);
            b.open(Platform.base() + "/c/" + ama.code + "/me/life-events/" + id);
            assertTrue(b.text().contains("ご利用いただけません"), b::text);
            assertFalse(b.text().contains("試験 三郎"), b::text);
        }
        assertEquals(404, get("/api/v1/my/life-events/" + id, msn.citizenToken()).status());
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }
}
