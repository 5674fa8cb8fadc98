package jp.kyodo.crm.pages;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import jp.kyodo.tenant.pages.Languages;
import jp.kyodo.tenant.pages.MessagesCheck;
import org.junit.jupiter.api.Test;

/** The contact centre's bundle is complete in six languages, and its templates render in each. */
class CrmTemplatesTest {

    @Test
    void contactCentreMessagesAreConsistentInAllSixLanguages() {
        List<String> problems = MessagesCheck.problems(CrmPages.MESSAGES, Path.of("").toAbsolutePath());
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void theStaffMenuRendersInEveryLanguageWithEscapedLinks() {
        for (String tag : Languages.TAGS) {
            String html = CrmPages.TEMPLATES.render("staff/nav.jte",
                    Map.of("t", CrmPages.MESSAGES.in(tag), "base", "/c/\"x/"));
            assertTrue(html.contains("href=\"/c/&#34;x/staff/cases\""), html);
            assertFalse(html.contains("[staff."), tag + ": " + html);
        }
    }

    @Test
    void theApplicationReviewPageCarriesTheTokenInEachActAndShowsTheTwoPersonCheckInEachLanguage() {
        java.util.Map<String, Object> session = new java.util.HashMap<>();
        jakarta.servlet.http.HttpSession httpSession = (jakarta.servlet.http.HttpSession) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {jakarta.servlet.http.HttpSession.class}, (o, m, a) -> switch (m.getName()) {
                    case "getAttribute" -> session.get((String) a[0]);
                    case "setAttribute" -> session.put((String) a[0], a[1]);
                    case "getId" -> "s";
                    default -> null;
                });
        jakarta.servlet.http.HttpServletRequest request = (jakarta.servlet.http.HttpServletRequest) java.lang.reflect.Proxy
                .newProxyInstance(getClass().getClassLoader(), new Class<?>[] {jakarta.servlet.http.HttpServletRequest.class},
                        (o, m, a) -> m.getName().equals("getSession") ? httpSession : null);
        var step = new jp.kyodo.crm.applications.ApplicationView.StepView(1, 2, "decision", "審査・決裁", "staff", true,
                List.of("養育の事実を確認した"), null, null, false, "it-staff-<1>", "it-staff-<1>");
        for (String tag : Languages.TAGS) {
            var t = CrmPages.MESSAGES.in(tag);
            var form = jp.kyodo.tenant.pages.FormState.empty().error("approve", t.t("applications.error.samePerson"));
            Map<String, Object> p = new java.util.HashMap<>();
            p.put("t", t);
            p.put("base", "/c/282022/staff/applications");
            p.put("request", request);
            p.put("id", "a-1");
            p.put("number", "2026-000001");
            p.put("procedure", jp.kyodo.tenant.pages.Ui.japanese("児童手当 認定請求"));
            p.put("subject", null);
            p.put("state", ApplicationReviewPages.status(t, jp.kyodo.crm.applications.ApplicationStatus.IN_REVIEW));
            p.put("submitted", "2026-12-05 10:00");
            p.put("decided", null);
            p.put("reason", null);
            p.put("step", step);
            p.put("stepName", jp.kyodo.tenant.pages.Ui.japanese("審査・決裁"));
            p.put("due", "");
            p.put("firstByMe", true);
            p.put("done", null);
            p.put("canTake", false);
            p.put("canAct", true);
            p.put("open", true);
            p.put("form", form);
            p.put("failed", "approve");
            p.put("checklist", jp.kyodo.tenant.pages.Ui.checkboxes(form, "checked", t.t("applications.checklist"), null,
                    List.of(new jp.kyodo.tenant.pages.Ui.Option("養育の事実を確認した", jp.kyodo.tenant.pages.Ui.japanese("養育の事実を確認した"),
                            false)), List.of()));
            p.put("answers", List.of());
            p.put("documents", List.of());
            p.put("notice", null);
            p.put("events", List.of());
            p.put("citizen", List.of());
            p.put("household", List.of());
            String html = CrmPages.TEMPLATES.render("applications/review.jte", p);
            assertTrue(html.split("name=\"_token\"", -1).length == 4, "approve, request and reject carry the token: " + html);
            assertTrue(html.contains("href=\"#approve\"") && html.contains("id=\"approve\""), "the refusal links to its form: " + html);
            assertTrue(html.contains("it-staff-&lt;1&gt;") && !html.contains("it-staff-<1>"), "escaped: " + html);
            assertFalse(html.contains("[applications.") || html.contains("style="), tag + ": " + html);
        }
    }
}
