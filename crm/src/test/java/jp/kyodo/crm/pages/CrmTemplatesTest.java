package jp.kyodo.crm.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jp.kyodo.crm.cases.Dashboard;
import jp.kyodo.crm.cases.FaqProposal;
import jp.kyodo.crm.cases.Priority;
import jp.kyodo.crm.cases.QueueView;
import jp.kyodo.crm.cases.RoutingRule;
import jp.kyodo.crm.cases.SlaTarget;
import jp.kyodo.tenant.pages.FormState;
import jp.kyodo.tenant.pages.Languages;
import jp.kyodo.tenant.pages.MessagesCheck;
import jp.kyodo.tenant.pages.Text;
import jp.kyodo.tenant.pages.Ui;
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

    private static final List<QueueView> QUEUES = List.of(
            new QueueView(UUID.randomUUID(), "operator", "オペレーター窓口", 2, null, true, 7, 3, 1, 2, 1),
            new QueueView(UUID.randomUUID(), "parks", "<公園>緑地課", 3, "公園緑地課", false, 0, 0, 0, 0, 0));

    @Test
    void theSettingsOverviewCarriesTheTokenInEveryFormLabelsItsTablesAndEscapesTheCitysWords() {
        Map<String, Object> attributes = new HashMap<>();
        HttpServletRequest request = fakeRequest(attributes);
        RoutingRule first = new RoutingRule(10, "tax", List.of("<script>", "DV"), List.of(), Priority.URGENT, "operator",
                UUID.randomUUID());
        RoutingRule second = new RoutingRule(20, null, List.of(), List.of("公園"), null, "parks", UUID.randomUUID());
        List<SlaTarget> stored = List.of(new SlaTarget(Priority.NORMAL, 4320, null), new SlaTarget(Priority.HIGH, 1440, 120));
        for (String tag : Languages.TAGS) {
            Text t = CrmPages.MESSAGES.in(tag);
            List<StaffSettingsPages.RuleLine> rules = List.of(
                    new StaffSettingsPages.RuleLine(first.id().toString(), 1, StaffSettingsPages.conditions(t, first), "オペレーター窓口",
                            t.t("settings.rules.raise", t.t("settings.priority.URGENT")), true, false),
                    new StaffSettingsPages.RuleLine(second.id().toString(), 2, StaffSettingsPages.conditions(t, second), "<公園>緑地課",
                            null, false, true));
            FormState form = StaffSettingsPages.slaForm(stored).value("sla-LOW-minutes", "\"abc")
                    .error("sla-LOW-minutes", t.t("settings.sla.minutes.notNumber", t.t("settings.priority.LOW")));
            for (boolean admin : new boolean[] {true, false}) {
                Map<String, Object> p = new HashMap<>();
                p.put("t", t);
                p.put("words", Ui.words(tag));
                p.put("form", form);
                p.put("request", request);
                p.put("base", "/c/221007/staff/settings");
                p.put("admin", admin);
                p.put("queues", QUEUES);
                p.put("rules", rules);
                p.put("targets", StaffSettingsPages.targets(t, stored));
                p.put("doneKey", "settings.done.rule");
                String html = CrmPages.TEMPLATES.render("settings/overview.jte", p);
                assertFalse(html.contains("[settings.") || html.contains("style="), tag + ": " + html);
                assertTrue(html.contains("lang=\"" + t.htmlLang() + "\""), html);
                assertTrue(html.contains("&lt;script&gt;") && !html.contains("<script>") && html.contains("&lt;公園&gt;緑地課"), html);
                assertTrue(html.contains("data-label=\"" + t.plain("settings.queues.code") + "\"") && html.contains("class=\"reflow\""), html);
                assertTrue(html.contains("id=\"rule-" + first.id() + "\"") && html.contains("role=\"status\""), html);
                if (admin) {
                    String token = (String) attributes.values().iterator().next();
                    // the SLA form, rule 1 down, rule 2 up
                    assertEquals(4, html.split("name=\"_token\" value=\"" + token + "\"", -1).length, html);
                    assertTrue(html.contains("action=\"/c/221007/staff/settings/rules/" + second.id() + "/up\""), html);
                    assertTrue(html.contains("value=\"&#34;abc\"") && html.contains("aria-invalid=\"true\"")
                            && html.contains("href=\"#sla-LOW-minutes\"") && html.contains("class=\"error-summary\""), html);
                    assertTrue(html.contains("aria-describedby=\"sla-LOW-minutes-hint sla-LOW-minutes-error\""), html);
                } else {
                    assertFalse(html.contains("<form") || html.contains("/queues/new"), "staff only look: " + html);
                    assertTrue(html.contains(t.plain("settings.readOnly").substring(0, 5)), html);
                }
                if (tag.equals("ja")) {
                    assertTrue(html.contains("キーワード<span lang=\"ja\">「&lt;script&gt;」「DV」</span>")
                            && html.contains("4320分（3日）") && html.contains("1440分（1日）、期限の120分（2時間）前に警告"), html);
                }
            }
        }
    }

    @Test
    void theQueueAndRuleFormsBindErrorsToFieldsAndKeepWhatWasTyped() {
        HttpServletRequest request = fakeRequest(new HashMap<>());
        for (String tag : Languages.TAGS) {
            Text t = CrmPages.MESSAGES.in(tag);
            FormState queue = FormState.empty().value("name", "").value("code", "Parks!").value("tier", "3")
                    .error("name", t.t("settings.queue.name.missing")).error("code", t.t("settings.queue.code.invalid"));
            Map<String, Object> p = new HashMap<>();
            p.put("t", t);
            p.put("words", Ui.words(tag));
            p.put("form", queue);
            p.put("request", request);
            p.put("base", "/c/221007/staff/settings");
            p.put("id", "new");
            p.put("title", t.t("settings.queue.add"));
            p.put("isDefault", false);
            p.put("tiers", List.of(new Ui.Option("2", t.t("settings.tier.2"), false), new Ui.Option("3", t.t("settings.tier.3"), false)));
            p.put("defaultOption", List.of(new Ui.Option("true", t.t("settings.queue.default"), false)));
            String html = CrmPages.TEMPLATES.render("settings/queue.jte", p);
            assertFalse(html.contains("[settings.") || html.contains("style="), tag + ": " + html);
            assertTrue(html.contains("value=\"Parks!\"") && html.contains("href=\"#name\"") && html.contains("href=\"#code\"")
                    && html.contains("id=\"tier-3\" name=\"tier\" value=\"3\" checked"), html);
            assertTrue(html.contains("name=\"defaultQueue\" value=\"true\"") && html.contains("name=\"_token\""), html);

            FormState rule = FormState.empty().value("keywords", "公園\n<ブランコ>").value("queueCode", "")
                    .error("queueCode", t.t("settings.rule.queue.missing"));
            p.put("form", rule);
            p.put("id", UUID.randomUUID().toString());
            p.put("categories", List.of(new Ui.Option("", t.t("settings.rule.category.any"), false),
                    new Ui.Option("tax", t.t("settings.category.tax"), false)));
            p.put("priorities", List.of(new Ui.Option("", t.t("settings.rule.priority.keep"), false)));
            p.put("queues", QUEUES.stream().map(q -> new Ui.Option(q.code(), Ui.japanese(q.name()), false)).toList());
            html = CrmPages.TEMPLATES.render("settings/rule.jte", p);
            assertFalse(html.contains("[settings.") || html.contains("style="), tag + ": " + html);
            assertTrue(html.contains("公園\n&lt;ブランコ&gt;</textarea>") && html.contains("href=\"#queueCode\""), html);
            assertTrue(html.contains("/delete\"") && html.split("name=\"_token\"", -1).length == 3, "save and delete: " + html);
        }
    }

    @Test
    void theDashboardDrawsItsBarsAsAnAccessibleChartWithTheSameNumbersAsATable() {
        Dashboard d = new Dashboard(QUEUES, 7, 2, 1, 1, 5, 95.0);
        List<StaffDashboardPages.Bar> bars = StaffDashboardPages.bars(QUEUES);
        assertEquals(StaffDashboardPages.BAR_MAX, bars.get(0).width());
        assertEquals(0, bars.get(1).width());
        for (String tag : Languages.TAGS) {
            Text t = CrmPages.MESSAGES.in(tag);
            Map<String, Object> p = new HashMap<>();
            p.put("t", t);
            p.put("d", d);
            p.put("bars", bars);
            p.put("median", StaffSettingsPages.minutes(t, 95));
            p.put("step", StaffDashboardPages.STEP);
            p.put("width", StaffDashboardPages.CHART_WIDTH);
            String html = CrmPages.TEMPLATES.render("dashboard/dashboard.jte", p);
            assertFalse(html.contains("[dashboard.") || html.contains("style="), tag + ": " + html);
            assertTrue(html.contains("role=\"img\" aria-labelledby=\"chart-title\"") && html.contains("<title id=\"chart-title\">"), html);
            assertTrue(html.contains("width=\"300\"") && html.contains("&lt;公園&gt;緑地課") && html.contains("class=\"reflow\""), html);
            assertTrue(html.contains("data-label=\"" + t.plain("dashboard.col.unassigned") + "\">3</td>"), html);
        }
    }

    @Test
    void theProposalsPageOffersADecisionFormPerPendingProposalWithItsNoteBoundToItsField() {
        HttpServletRequest request = fakeRequest(new HashMap<>());
        FaqProposal pending = new FaqProposal(UUID.randomUUID(), UUID.randomUUID(), "R-1", FaqProposal.Kind.NEW_ENTRY, null,
                "<質問>", "回答\n二行目", FaqProposal.Status.PENDING, "staff1", OffsetDateTime.now(), null, null, null);
        FaqProposal done = new FaqProposal(UUID.randomUUID(), UUID.randomUUID(), "R-2", FaqProposal.Kind.PHRASING, "faq-1",
                "言い換え", null, FaqProposal.Status.APPROVED, "staff1", OffsetDateTime.now(), "staff2", OffsetDateTime.now(), "良い");
        for (String tag : Languages.TAGS) {
            Text t = CrmPages.MESSAGES.in(tag);
            Map<FaqProposal.Status, List<StaffDashboardPages.Proposal>> sections = new LinkedHashMap<>();
            sections.put(FaqProposal.Status.PENDING, List.of(new StaffDashboardPages.Proposal(pending, "2026-12-05 10:00", "", true)));
            sections.put(FaqProposal.Status.APPROVED, List.of(new StaffDashboardPages.Proposal(done, "2026-12-05 10:00", "2026-12-05 11:00", false)));
            sections.put(FaqProposal.Status.REJECTED, List.of());
            String field = "note-" + pending.id();
            Map<String, Object> p = new HashMap<>();
            p.put("t", t);
            p.put("words", Ui.words(tag));
            p.put("form", FormState.empty().value(field, "長い<コメント>").error(field, t.t("proposals.note.long", 1000)));
            p.put("request", request);
            p.put("base", "/c/221007/staff/");
            p.put("sections", sections);
            p.put("statusKeys", StaffDashboardPages.STATUS);
            p.put("doneKey", null);
            p.put("refusal", null);
            p.put("noteMax", 1000);
            String html = CrmPages.TEMPLATES.render("dashboard/proposals.jte", p);
            assertFalse(html.contains("[proposals.") || html.contains("style="), tag + ": " + html);
            assertEquals(2, html.split("name=\"_token\"", -1).length, "one form, for the pending proposal: " + html);
            assertTrue(html.contains("formaction=\"/c/221007/staff/faq-proposals/" + pending.id() + "/reject\""), html);
            assertTrue(html.contains("value=\"長い&lt;コメント>\"") && html.contains("href=\"#" + field + "\"")
                    && html.contains("aria-describedby=\"" + field + "-hint " + field + "-error\""), html);
            assertTrue(html.contains("&lt;質問&gt;") && html.contains("href=\"/c/221007/staff/cases/R-1\""), html);
        }
    }

    private static HttpServletRequest fakeRequest(Map<String, Object> attributes) {
        HttpSession session = (HttpSession) java.lang.reflect.Proxy.newProxyInstance(CrmTemplatesTest.class.getClassLoader(),
                new Class<?>[] {HttpSession.class}, (proxy, m, a) -> switch (m.getName()) {
                    case "getAttribute" -> attributes.get((String) a[0]);
                    case "setAttribute" -> attributes.put((String) a[0], a[1]);
                    default -> null;
                });
        return (HttpServletRequest) java.lang.reflect.Proxy.newProxyInstance(CrmTemplatesTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, m, a) -> m.getName().equals("getSession") ? session : null);
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
