package jp.kyodo.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/**
 * The contact centre's promise, as people do it in real headless Chromium: a signed-in citizen asks the concierge for
 * a person, gets a reception number, an operator of the same city takes the case and replies, the citizen reads the
 * reply in "my inquiries" and answers back into the same case. The same in a second city, and neither city's
 * operator can open the other's case. Every page on the way passes axe-core with no serious violation.
 */
@ExtendWith(ArquillianExtension.class)
class CaseFlowBrowserIT {

    /** The number of the hand-over just made (the page also lists earlier ones of the conversation). */
    private static final Pattern RECEPTION_NUMBER = Pattern.compile("受付番号は\\s*(\\d{4}-\\d{6,9})");
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
    void citizenHandedOverOperatorRepliesCitizenAnswersInEachCityAndCitiesStayApart() {
        cities();
        List<String> problems = new ArrayList<>();
        String amaNumber = flow(ama, "尼崎", problems);
        String msnNumber = flow(msn, "武蔵野", problems);

        // an operator of one city cannot open the other city's case, by URL with the real reception number
        try (Chromium op = Chromium.start()) {
            op.open(Platform.base() + "/c/" + msn.code + "/staff/cases/mine");
            op.signIn(msn.operator, Platform.TEST_PASSWORD);
            op.open(Platform.base() + "/c/" + ama.code + "/staff/cases/" + amaNumber);
            assertFalse(op.text().contains(amaNumber) && op.text().contains("尼崎で相談"),
                    () -> "武蔵野市's operator must not see 尼崎市's case: " + op.text());
            op.open(Platform.base() + "/c/" + msn.code + "/staff/cases/" + amaNumber);
            assertFalse(op.text().contains("尼崎で相談"), () -> "no foreign case under the own city either: " + op.text());
            op.open(Platform.base() + "/c/" + msn.code + "/staff/cases/" + msnNumber);
            assertTrue(op.text().contains("武蔵野で相談"), () -> "own case visible: " + op.text());
        }
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }

    /** One city's whole flow; returns the reception number. */
    private static String flow(TestCity c, String marker, List<String> problems) {
        String base = Platform.base() + "/c/" + c.code;
        String question = "人と話したいです。" + marker + "で相談したいことがあります（" + System.nanoTime() + "）";
        String reply = marker + "市役所からの回答です。窓口は平日8時45分から開いています。";
        String number;
        try (Chromium citizen = Chromium.start(); Chromium operator = Chromium.start()) {
            citizen.open(base + "/me");
            citizen.signIn(c.citizen, Platform.TEST_PASSWORD);
            citizen.open(base + "/ask");
            citizen.type(By.id("question"), question);
            citizen.submit(By.id("question"));
            citizen.find(By.id("answer-heading"));
            Matcher m = RECEPTION_NUMBER.matcher(citizen.text());
            assertTrue(m.find(), () -> "a reception number after the hand-over expected: " + citizen.text());
            number = m.group(1);
            problems.addAll(BrowserIT.check(citizen, c.code + " hand-over"));

            operator.open(base + "/staff/cases/" + number);
            operator.signIn(c.operator, Platform.TEST_PASSWORD);
            assertTrue(operator.text().contains(marker + "で相談"), () -> "the operator sees the transcript: " + operator.text());
            problems.addAll(BrowserIT.check(operator, c.code + " case view"));
            operator.click(By.cssSelector("form[action$='/take'] button"));
            operator.find(By.cssSelector("#reply-form textarea"));
            operator.type(By.cssSelector("#reply-form textarea"), reply);
            operator.submit(By.cssSelector("#reply-form textarea"));
            operator.find(By.tagName("h1"));
            assertTrue(operator.text().contains(reply), () -> "the reply is on the timeline: " + operator.text());

            citizen.open(base + "/inquiries");
            assertTrue(citizen.text().contains(number), () -> "my inquiries lists the case: " + citizen.text());
            problems.addAll(BrowserIT.check(citizen, c.code + " my inquiries"));
            citizen.open(base + "/inquiries/" + number);
            assertTrue(citizen.text().contains(reply), () -> "the citizen reads the reply: " + citizen.text());
            citizen.type(By.id("message"), "ありがとうございます。" + marker + "から追加で質問です。");
            citizen.submit(By.id("message"));
            // the thread's page answers the form with the thread again: wait for the answer in it, not for any <h1>
            // (one may still be the page being left)
            citizen.waitUpTo(java.time.Duration.ofSeconds(20)).until(d -> citizen.text().contains(marker + "から追加で質問です"));
            problems.addAll(BrowserIT.check(citizen, c.code + " inquiry thread"));

            operator.open(base + "/staff/cases/" + number);
            assertTrue(operator.text().contains(marker + "から追加で質問です"), () -> "the operator sees it: " + operator.text());
        }
        return number;
    }
}
