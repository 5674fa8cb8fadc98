package jp.kyodo.it;

import static jp.kyodo.it.Platform.TEST_PASSWORD;
import static jp.kyodo.it.Platform.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The journey on pages only, in real Chromium at 390 px, in both demo cities: a citizen applies for 児童手当 with
 * the two children pre-filled from the household, attaches the bank book and submits; an operator finds it in the
 * queue on the staff pages and asks for one more document; the citizen adds it on their page; the operator approves
 * the intake step with its checklist; a member of staff makes the first check of the two-person decision, is refused
 * a second one, and the city administrator completes it; the citizen reads the decision and opens the notice. Every
 * new staff page has no axe-core violation of any impact. Then the staff pages' refusals: another city's staff (403),
 * a citizen (403), another city's application, file or act (404, nothing changes).
 */
@ExtendWith(ArquillianExtension.class)
class ApplicationReviewPagesIT {

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
    void anOperatorAsksForADocumentAndTwoPeopleDecideOnTheStaffPagesInEachCity() throws Exception {
        cities();
        List<String> problems = new ArrayList<>();
        for (TestCity c : List.of(ama, msn)) {
            journey(c, problems);
        }
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }

    private static void journey(TestCity c, List<String> problems) throws Exception {
        List<String> children = ApplicationsIT.twoChildren(c);
        String city = Platform.base() + "/c/" + c.code;
        Path pdf = Files.createTempFile("通帳", ".pdf");
        Files.write(pdf, ApplicationsIT.PDF);
        String id;
        String number;
        try (Chromium citizen = Chromium.start(); Chromium operator = Chromium.start()) {
            // the citizen applies with the children pre-filled
            citizen.open(city + "/me/applications/new");
            citizen.signIn(c.citizen, TEST_PASSWORD);
            citizen.waitForUrl(u -> u.contains("/me/applications/new"));
            citizen.click(By.cssSelector("form:has(input[value='jido-teate-nintei']) button[type=submit]"));
            assertTrue(children.subList(0, 2).contains(citizen.find(By.id("children[0].fullName")).getAttribute("value")));
            assertTrue(children.subList(0, 2).contains(citizen.find(By.id("children[1].fullName")).getAttribute("value")));
            ApplicationsBrowserIT.fillTheRest(citizen, "1234567");
            citizen.find(By.cssSelector(".banner-success"));
            new Select(citizen.find(By.id("requirement"))).selectByValue("account-proof");
            citizen.driver.findElement(By.id("file")).sendKeys(pdf.toString());
            citizen.submit(By.id("file"));
            citizen.waitForUrl(u -> u.contains("?attached"));
            citizen.click(By.cssSelector("button[value=review]"));
            citizen.waitForUrl(u -> u.endsWith("/review"));
            citizen.click(By.cssSelector("form[action$='/submit'] button"));
            citizen.waitForUrl(u -> u.contains("?received"));
            Matcher m = NUMBER.matcher(citizen.text());
            assertTrue(m.find(), citizen::text);
            number = m.group(1);
            id = citizen.url().replaceAll(".*/me/applications/([0-9a-f-]{36}).*", "$1");

            // the operator finds it in the queue (filtered to the procedure's first step) and opens it
            String queue = city + "/staff/applications?procedure=jido-teate-nintei&step=0&sort=newest";
            operator.open(queue);
            operator.signIn(c.operator, TEST_PASSWORD);
            operator.waitForUrl(u -> u.contains("/staff/applications"));
            operator.open(queue);
            operator.find(By.cssSelector("a[href$='/staff/applications/" + id + "']"));
            all(operator, problems, c.code + " staff queue");
            operator.click(By.cssSelector("a[href$='/staff/applications/" + id + "']"));
            operator.find(By.id("message"));
            String review = operator.text();
            assertTrue(review.contains(number) && review.contains(children.get(0)) && review.contains("試験銀行")
                    && review.contains(pdf.getFileName().toString()), review);
            all(operator, problems, c.code + " staff review");
            // a request without words is refused on its form, what was typed elsewhere kept
            operator.type(By.id("documents"), "資格確認書の写し");
            operator.submit(By.id("message"));
            operator.find(By.cssSelector(".error-summary"));
            assertEquals("true", operator.find(By.id("message")).getAttribute("aria-invalid"));
            assertEquals("資格確認書の写し", operator.find(By.id("documents")).getAttribute("value"));
            all(operator, problems, c.code + " staff review with an error");
            operator.type(By.id("message"), "資格確認書の写しをお送りください。");
            operator.submit(By.id("message"));
            operator.waitForUrl(u -> u.contains("?done=requested"));
            assertTrue(operator.text().contains("追加書類のお願い"), operator::text);

            // the citizen adds the document on their page
            citizen.open(city + "/me/applications/" + id);
            assertTrue(citizen.text().contains("資格確認書の写しをお送りください"), citizen::text);
            citizen.type(By.id("text"), "資格確認書の写しを送ります。");
            new Select(citizen.find(By.cssSelector("form[action$='/answer'] select"))).selectByValue("other");
            citizen.driver.findElement(By.cssSelector("form[action$='/answer'] input[type=file]")).sendKeys(pdf.toString());
            citizen.submit(By.id("text"));
            citizen.waitForUrl(u -> u.contains("?answered"));
            assertTrue(citizen.text().contains("審査中"), citizen::text);

            // the operator approves the intake step with its checklist
            operator.open(city + "/staff/applications/" + id);
            assertTrue(operator.text().contains("追加書類の提出"), operator::text);
            approve(operator, "");
            operator.waitForUrl(u -> u.contains("?done=stepApproved"));
            all(operator, problems, c.code + " staff step approved");
        } finally {
            Files.deleteIfExists(pdf);
        }
        assertEquals(1, AttachmentsIT.count(c, "SELECT count(*) FROM application WHERE id = ?::uuid AND status = 'IN_REVIEW' "
                + "AND step_index = 1", id), "the application is at the decision step");
        try (Chromium staff = Chromium.start(); Chromium admin = Chromium.start(); Chromium citizen = Chromium.start()) {
            // the two-person decision: staff checks first, is refused the second check, the administrator completes it
            staff.open(city + "/staff/applications/" + id);
            staff.signIn(c.staff, TEST_PASSWORD);
            staff.waitForUrl(u -> u.contains("/staff/applications/" + id));
            approve(staff, "養育を確認しました。");
            staff.waitForUrl(u -> u.contains("?done=checked"));
            assertTrue(staff.text().contains("1人目の確認: " + c.staff), staff::text);
            approve(staff, "養育を確認しました。");
            staff.find(By.cssSelector(".error-summary"));
            assertTrue(staff.text().contains("1 人目とは別の職員が承認してください"), staff::text);
            all(staff, problems, c.code + " staff refused the second check");

            admin.open(city + "/staff/applications/" + id);
            admin.signIn(c.admin, TEST_PASSWORD);
            admin.waitForUrl(u -> u.contains("/staff/applications/" + id));
            assertTrue(admin.text().contains(c.staff), "the first checker is shown");
            approve(admin, "養育を確認しました。");
            admin.waitForUrl(u -> u.contains("?done=approved"));
            assertTrue(admin.text().contains("決定") && admin.text().contains("通知書（PDF）を開く"), admin::text);
            all(admin, problems, c.code + " staff decided");

            // the citizen reads the decision and opens the notice
            citizen.open(city + "/me/applications/" + id);
            citizen.signIn(c.citizen, TEST_PASSWORD);
            citizen.waitForUrl(u -> u.contains("/me/applications/" + id));
            assertTrue(citizen.text().contains("決定") && citizen.text().contains("養育を確認しました"), citizen::text);
            problems.addAll(BrowserIT.check(citizen, c.code + " citizen decided"));
            String href = citizen.find(By.cssSelector("a[href$='/notice']")).getAttribute("href");
            var notice = Platform.download(href.replaceAll("^.*/c/[^/]+/me/applications/", "/api/v1/my/applications/"),
                    c.citizenToken());
            assertEquals(200, notice.statusCode());
            assertTrue(ApplicationsIT.pdfText(notice.body()).contains(number));
        }
    }

    /** Ticks every checklist item, writes the reason and approves. */
    private static void approve(Chromium b, String reason) {
        b.find(By.cssSelector("form[action$='/approve']"));
        for (WebElement box : b.driver.findElements(By.cssSelector("form[action$='/approve'] input[name=checked]"))) {
            if (!box.isSelected()) {
                box.click();
            }
        }
        b.type(By.id("reason"), reason);
        b.click(By.cssSelector("form[action$='/approve'] button[type=submit]"));
    }

    private static void all(Chromium b, List<String> problems, String label) {
        for (String v : b.allAccessibilityViolations()) {
            problems.add(label + " " + b.url() + ": " + v);
        }
        if (b.scrollsSideways()) {
            problems.add(label + " " + b.url() + ": scrolls sideways at 390 px");
        }
    }

    @Test
    void theStaffPagesRefuseAnotherCitysStaffACitizenAndAnotherCitysApplication() throws Exception {
        cities();
        // an application in Mishima, submitted through the API
        var receipt = ApplicationsIT.submitWhole(msn.citizenToken(), "review-pages-" + System.nanoTime());
        assertEquals(201, receipt.status(), receipt::toString);
        String foreign = receipt.json().getString("id");
        String foreignNumber = receipt.json().getString("receptionNumber");
        var own = ApplicationsIT.submitWhole(ama.citizenToken(), "review-pages-" + System.nanoTime());
        String mine = own.json().getString("id");
        String amaStaff = Platform.base() + "/c/" + ama.code + "/staff/applications";

        // Amagasaki's operator: Mishima's staff pages are refused; Mishima's application is not found in Amagasaki
        WebSignInIT.Browser operator = new WebSignInIT.Browser();
        var signedIn = operator.signIn(operator.get(amaStaff), ama.operator, TEST_PASSWORD);
        assertEquals(200, signedIn.statusCode(), () -> operator.url + " " + signedIn.body());
        var newest = operator.get(amaStaff + "?procedure=sodai-gomi&status=submitted&sort=newest");
        assertEquals(200, newest.statusCode(), newest::body);
        assertTrue(newest.body().contains(own.json().getString("receptionNumber")), "the own city's list shows its own");
        // reception numbers are counted per city (both may hold 2026-000006), so the foreign one is told by its id
        assertFalse(newest.body().contains(foreign), "never another city's");
        var otherCity = operator.get(Platform.base() + "/c/" + msn.code + "/staff/applications");
        assertEquals(403, otherCity.statusCode(), otherCity::body);
        assertFalse(otherCity.body().contains("staff-header") || otherCity.body().contains("/staff/cases\""),
                "the refusal does not show another city's staff menu");
        assertTrue(otherCity.body().contains("</span>に登録されていません"), "「三島市に登録されていません」, no space");
        assertEquals(403, operator.get(Platform.base() + "/c/" + msn.code + "/staff/applications/" + foreign).statusCode());
        var byId = operator.get(amaStaff + "/" + foreign);
        assertEquals(404, byId.statusCode(), byId::body);
        assertFalse(byId.body().contains(foreignNumber), "the refusal shows nothing of it (its id is only in the page's own links)");
        // by its number: not found, or Amagasaki's own application that happens to carry the same number, never Mishima's
        var byNumber = operator.get(amaStaff + "/" + foreignNumber);
        assertTrue(byNumber.statusCode() == 404 || byNumber.statusCode() == 200 && !byNumber.body().contains(foreign),
                () -> "nor by its reception number: " + byNumber.statusCode());
        assertEquals(200, operator.get(amaStaff + "/" + mine).statusCode(), "the own city's application opens");
        var act = operator.post(amaStaff + "/" + foreign + "/request-info", "message=" + Platform.enc("書類をください"));
        assertEquals(404, act.statusCode(), act::body);
        assertEquals(404, operator.post(amaStaff + "/" + foreign + "/reject", "rejectReason=x").statusCode());
        assertEquals(404, operator.post(amaStaff + "/" + foreign + "/take", "").statusCode());
        String file = get("/api/v1/applications/" + foreign, msn.operatorToken()).json().getJsonArray("files")
                .getJsonObject(0).getString("id");
        assertEquals(404, operator.get(amaStaff + "/" + mine + "/files/" + file).statusCode(), "another city's file");
        assertEquals(404, operator.get(amaStaff + "/export?procedure=" + msn.code + "-none").statusCode());
        assertEquals("SUBMITTED", get("/api/v1/applications/" + foreign, msn.operatorToken()).json().getString("status"),
                "nothing changed in Mishima");
        // a post without the session's form token is refused before it reaches the service
        var tokenless = operator.post(amaStaff + "/" + mine + "/take", "_token=forged");
        assertEquals(403, tokenless.statusCode(), tokenless::body);
        assertEquals("SUBMITTED", get("/api/v1/applications/" + mine, ama.operatorToken()).json().getString("status"));

        // a citizen of the city: the staff pages are refused, reading and acting
        WebSignInIT.Browser citizen = new WebSignInIT.Browser();
        var page = citizen.signIn(citizen.get(amaStaff), ama.citizen, TEST_PASSWORD);
        assertEquals(403, page.statusCode(), () -> citizen.url + " " + page.body());
        assertEquals(403, citizen.get(amaStaff + "/" + mine).statusCode());
        // with the session's real form token (from one of the citizen's own forms), so that only the role refuses it
        assertEquals(200, citizen.get(Platform.base() + "/c/" + ama.code + "/me/applications/new").statusCode());
        assertTrue(citizen.formToken != null);
        var citizenAct = citizen.post(amaStaff + "/" + mine + "/reject", "rejectReason=" + Platform.enc("自分で却下"));
        assertEquals(403, citizenAct.statusCode(), citizenAct::body);
        assertEquals("SUBMITTED", get("/api/v1/applications/" + mine, ama.operatorToken()).json().getString("status"));
    }
}
