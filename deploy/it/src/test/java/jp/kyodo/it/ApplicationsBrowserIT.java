package jp.kyodo.it;

import static jp.kyodo.it.Platform.call;
import static jp.kyodo.it.Platform.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * The citizen's side of an online application in real headless Chromium at 390 px, in both demo cities: choose
 * 児童手当 認定請求, see the form pre-filled with the two children from the household and where each value came from,
 * fill in the rest, attach the bank book, review, submit (twice: one reception number), answer the city's request for
 * one more document on the page, and find the decision and its notice link after staff approved with a two-person
 * check. Every page passes axe-core and does not scroll sideways.
 */
@ExtendWith(ArquillianExtension.class)
class ApplicationsBrowserIT {

    private static final Pattern NUMBER = Pattern.compile("(\\d{4}-\\d{6,9})");
    private static TestCity ama;
    private static TestCity msn;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Platform.application();
    }

    static synchronized void cities() {
        if (ama == null) {
            TestCity[] pair = TestCity.demoPair();
            ama = pair[0];
            msn = pair[1];
        }
    }

    @AfterAll
    static void cleanUp() {
        TestCity.closeAll(ama, msn);
    }

    @Test
    void aCitizenAppliesOnThePagesAndReadsTheDecisionInEachCity() throws Exception {
        cities();
        List<String> problems = new ArrayList<>();
        for (TestCity c : List.of(ama, msn)) {
            flow(c, problems);
        }
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }

    /** Fills in what the city does not know (児童手当 認定請求: address, insurance, living together, bank) and saves. */
    static void fillTheRest(Chromium b, String accountNumber) {
        b.type(By.id("applicant.postalCode"), "660-0051");
        b.type(By.id("applicant.address"), "兵庫県尼崎市東七松町1-23-1");
        b.type(By.id("applicant.phone"), "06-6375-0000");
        b.click(By.id("applicant.insurance-kokuho"));
        b.click(By.id("children[0].livingTogether-yes"));
        b.click(By.id("children[1].livingTogether-yes"));
        b.type(By.id("bank.bankName"), "試験銀行");
        b.type(By.id("bank.branch"), "本店");
        b.click(By.id("bank.accountType-futsu"));
        b.type(By.id("bank.accountNumber"), accountNumber);
        b.click(By.cssSelector("button[value=save]"));
    }

    private static void flow(TestCity c, List<String> problems) throws Exception {
        List<String> children = ApplicationsIT.twoChildren(c);
        String base = Platform.base() + "/c/" + c.code + "/me/applications";
        Path pdf = Files.createTempFile("通帳", ".pdf");
        Files.write(pdf, ApplicationsIT.PDF);
        try (Chromium b = Chromium.start()) {
            b.open(base + "/new");
            b.signIn(c.citizen, Platform.TEST_PASSWORD);
            b.waitForUrl(u -> u.contains("/me/applications/new")); // the callback may leave ?code=…&state= behind
            problems.addAll(BrowserIT.check(b, c.code + " procedures"));
            b.click(By.cssSelector("form:has(input[value='jido-teate-nintei']) button[type=submit]"));
            b.find(By.id("applicant.fullName"));
            String form = b.text();
            assertTrue(form.contains("世帯の情報から入力") && form.contains("プロフィールから入力"), form);
            List<String> prefilled = List.of(b.find(By.id("children[0].fullName")).getAttribute("value"),
                    b.find(By.id("children[1].fullName")).getAttribute("value"));
            assertTrue(prefilled.containsAll(children.subList(0, 2)), () -> prefilled + " vs " + children);
            problems.addAll(BrowserIT.check(b, c.code + " form"));

            fillTheRest(b, "12345");
            // a wrong account number comes back with the message tied to the field, and what was typed kept
            b.find(By.cssSelector("[role=alert]"));
            assertTrue(b.text().contains("口座番号"), b::text);
            assertEquals("true", b.find(By.id("bank.accountNumber")).getAttribute("aria-invalid"));
            assertEquals("試験銀行", b.find(By.id("bank.bankName")).getAttribute("value"));
            problems.addAll(BrowserIT.check(b, c.code + " form with an error"));
            b.type(By.id("bank.accountNumber"), "1234567");
            b.click(By.cssSelector("button[value=save]"));
            b.find(By.cssSelector(".banner-success"));
            // the bank book
            new Select(b.find(By.id("requirement"))).selectByValue("account-proof");
            b.driver.findElement(By.id("file")).sendKeys(pdf.toString());
            b.submit(By.id("file"));
            b.find(By.id("applicant.fullName"));
            assertTrue(b.text().contains(pdf.getFileName().toString()), b::text);
            b.click(By.cssSelector("button[value=review]"));
            b.waitForUrl(u -> u.endsWith("/review"));
            problems.addAll(BrowserIT.check(b, c.code + " review"));
            String reviewUrl = b.url();
            b.click(By.cssSelector("form[action$='/submit'] button"));
            b.waitForUrl(u -> u.contains("?received"));
            Matcher m = NUMBER.matcher(b.text());
            assertTrue(m.find(), b::text);
            String number = m.group(1);
            problems.addAll(BrowserIT.check(b, c.code + " receipt"));
            String id = b.url().replaceAll(".*/me/applications/([0-9a-f-]{36}).*", "$1");
            // the same click again (the back button, a double click): the same application
            b.open(reviewUrl);
            assertTrue(b.url().endsWith(id), "a submitted application has no review page any more: " + b.url());
            assertEquals(1, AttachmentsIT.count(c, "SELECT count(*) FROM application WHERE applicant = ? AND "
                    + "procedure_id = 'jido-teate-nintei' AND reception_number = ?", c.citizen, number));

            // the city asks for one more document; the citizen answers on the page
            assertEquals(200, call("POST", "/api/v1/applications/" + id + "/request-info", c.operatorToken(),
                    "{\"message\":\"資格確認書の写しをお送りください。\"}").status());
            b.open(base + "/" + id);
            assertTrue(b.text().contains("資格確認書の写しをお送りください"), b::text);
            problems.addAll(BrowserIT.check(b, c.code + " request"));
            b.type(By.id("text"), "資格確認書の写しを送ります。");
            new Select(b.find(By.cssSelector("form[action$='/answer'] select"))).selectByValue("other");
            b.driver.findElement(By.cssSelector("form[action$='/answer'] input[type=file]")).sendKeys(pdf.toString());
            b.submit(By.id("text"));
            b.find(By.tagName("h1"));
            assertTrue(b.text().contains("審査中"), b::text);

            // staff: intake, then the decision by two different people
            assertEquals(200, call("POST", "/api/v1/applications/" + id + "/approve", c.operatorToken(),
                    "{\"checked\":[\"請求者と口座名義が同じ\",\"添付書類がそろっている\"]}").status());
            String decision = Json.createObjectBuilder().add("reason", "養育を確認しました。").add("checked",
                    Json.createArrayBuilder().add("養育の事実を確認した").add("所得の状況を確認した").add("支給開始月を確認した"))
                    .build().toString();
            assertEquals(200, call("POST", "/api/v1/applications/" + id + "/approve", c.staffToken(), decision).status());
            assertEquals(409, call("POST", "/api/v1/applications/" + id + "/approve", c.staffToken(), decision).status());
            assertEquals(200, call("POST", "/api/v1/applications/" + id + "/approve", c.adminToken(), decision).status());

            // the inbox links to the application; the page shows the decision and the notice
            b.open(Platform.base() + "/c/" + c.code + "/me/inbox");
            assertTrue(b.text().contains("児童手当 認定通知書（受付番号 " + number + "）"), b::text);
            b.open(base + "/" + id);
            assertTrue(b.text().contains("決定") && b.text().contains("通知書（PDF）を開く"), b::text);
            problems.addAll(BrowserIT.check(b, c.code + " decided"));
            b.open(base + "?lang=en");
            assertTrue(b.text().contains("Approved") && b.text().contains(number), b::text);
            problems.addAll(BrowserIT.check(b, c.code + " list (English)"));
            var notice = Platform.download("/api/v1/my/applications/" + id + "/notice", c.citizenToken());
            assertEquals(200, notice.statusCode());
            assertTrue(ApplicationsIT.pdfText(notice.body()).contains(number));
        } finally {
            Files.deleteIfExists(pdf);
        }
        assertTrue(get("/api/v1/my/applications", c.citizenToken()).status() == 200);
    }
}
