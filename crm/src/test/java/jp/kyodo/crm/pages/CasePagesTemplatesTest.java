package jp.kyodo.crm.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.lang.reflect.Proxy;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jp.kyodo.crm.cases.CaseDetail;
import jp.kyodo.crm.cases.CaseEvent;
import jp.kyodo.crm.cases.CaseStatus;
import jp.kyodo.crm.cases.Channel;
import jp.kyodo.crm.cases.EventKind;
import jp.kyodo.crm.cases.Priority;
import jp.kyodo.crm.cases.SlaState;
import jp.kyodo.tenant.pages.FormState;
import jp.kyodo.tenant.pages.Languages;
import jp.kyodo.tenant.pages.Text;
import jp.kyodo.tenant.pages.Ui;
import org.junit.jupiter.api.Test;

/** The case view and the list render in every language, escape the data, and tie errors to their fields. */
class CasePagesTemplatesTest {

    private static final String EVIL = "<script>alert(1)</script>";

    @Test
    void theQueueInTheStaffFrameIsWrittenExactlyAsJtesOwnOutputWritesItInEachLanguage() {
        // the pages' output (PageOutput, bench/pages) against jte's own escaping output: 25 cases of every status,
        // channel, priority and target state, a subject with markup, some unassigned
        jp.kyodo.tenant.City city = new jp.kyodo.tenant.City(UUID.randomUUID(), "282022", "尼崎市<>", "あまがさきし", "兵庫県",
                jp.kyodo.tenant.CityStatus.ACTIVE, null);
        for (String tag : Languages.TAGS) {
            Text t = CrmPages.MESSAGES.in(tag);
            Map<String, Object> p = new HashMap<>();
            p.put("t", t);
            p.put("base", "/c/282022/");
            p.put("current", "cases");
            p.put("cityName", city.name());
            p.put("body", CrmPages.TEMPLATES.content("staff/list.jte",
                    StaffQueueRender.listParams(city, t, "窓口 <" + EVIL + ">", StaffQueueRender.cases(25))));
            gg.jte.output.StringOutput jte = new gg.jte.output.StringOutput();
            CrmPages.TEMPLATES.content("staff/frame.jte", p).writeTo(new gg.jte.html.OwaspHtmlTemplateOutput(jte));
            assertEquals(jte.toString(), CrmPages.TEMPLATES.render("staff/frame.jte", p), tag);
        }
    }

    @Test
    void theCaseViewRendersInEveryLanguageWithItsFormsAndEscapedData() {
        for (String tag : Languages.TAGS) {
            String html = caseView(tag, FormState.empty().value("text", "下書き"), FormState.empty());
            assertFalse(html.contains("[case.") || html.contains("[staff."), tag + ": a missing message in " + html);
            assertFalse(html.contains(EVIL), tag + ": data is escaped");
            assertTrue(html.contains("&lt;script&gt;"), tag);
            for (String form : List.of("take-form", "reply-form", "note-form", "escalate-form", "resolve-form", "draft-form")) {
                assertTrue(html.contains("id=\"" + form + "\""), tag + ": " + form);
            }
            assertTrue(html.contains("enctype=\"multipart/form-data\""), "the reply form carries files");
            assertEquals(6, html.split("name=\"_token\" value=\"T0KEN\"", -1).length - 1, "every form has the session's token");
            assertTrue(html.contains("class=\"desk\"") && html.contains("class=\"desk-main\"") && html.contains("desk-facts"), tag);
            java.util.regex.Matcher ids = java.util.regex.Pattern.compile(" id=\"([^\"]+)\"").matcher(html);
            java.util.Set<String> seen = new java.util.HashSet<>();
            while (ids.find()) {
                assertTrue(seen.add(ids.group(1)), tag + ": the id " + ids.group(1) + " is used twice");
            }
        }
    }

    @Test
    void aRefusedReplyKeepsTheTextAndTiesTheMessageToTheField() {
        Text t = CrmPages.MESSAGES.in("ja");
        FormState reply = FormState.empty().value("text", "<b>途中</b>").error("text", t.t("case.error.text"));
        String html = caseView("ja", reply, reply);
        assertTrue(html.contains("href=\"#text\""), "the error summary links to the field");
        assertTrue(html.contains("aria-describedby=\"text-error\"") && html.contains("aria-invalid=\"true\""), html);
        assertTrue(html.contains("&lt;b&gt;途中&lt;/b&gt;</textarea>"), "typed text kept, escaped");
        assertTrue(html.contains("返信を4000文字以内で入力してください。"), html);
    }

    private static String caseView(String tag, FormState reply, FormState failed) {
        Text t = CrmPages.MESSAGES.in(tag);
        OffsetDateTime now = OffsetDateTime.parse("2026-12-05T09:30:00+09:00");
        CaseDetail d = new CaseDetail(UUID.randomUUID(), "2026-000123", Channel.CONCIERGE, "tax", "件名 " + EVIL, null,
                Priority.HIGH, CaseStatus.NEW, "operator", "オペレーター窓口", 2, null, "citizen-1", null, null, null, "ja",
                null, "system", now, now, now.plusDays(1), SlaState.NEAR, null, null,
                List.of(new CaseEvent(UUID.randomUUID(), now, EventKind.TRANSCRIPT, "citizen-1", true, "質問\n" + EVIL)));
        Map<String, Object> p = new HashMap<>();
        p.put("t", t);
        p.put("words", Ui.words(tag));
        p.put("request", request());
        p.put("cityBase", "/c/131001/");
        p.put("base", "/c/131001/staff/cases/2026-000123");
        p.put("d", d);
        p.put("doneKey", "case.done.take");
        p.put("refusal", null);
        p.put("failed", failed);
        p.put("reply", reply);
        p.put("note", FormState.empty());
        p.put("escalate", FormState.empty());
        p.put("resolve", FormState.empty().value("faqKind", "NONE"));
        p.put("canTake", true);
        p.put("canReply", true);
        p.put("replyLabel", t.t("case.reply.label.account"));
        p.put("fileHint", t.t("case.reply.files.hint", 3, "5 MB"));
        p.put("fileAccept", ".pdf");
        p.put("suggestions", List.of());
        p.put("draftKey", "case.draft.llm");
        p.put("draftModel", "model");
        p.put("citations", List.of());
        p.put("escalateQueues", List.of(new Ui.Option("tax", Ui.text("税務担当"), false)));
        p.put("faqKinds", List.of(new Ui.Option("NONE", t.t("case.resolve.faq.none"), false)));
        p.put("faqEntries", List.of(new Ui.Option("", t.t("case.resolve.faqEntry.none"), false)));
        p.put("citizen", null);
        return CrmPages.TEMPLATES.render("staff/case.jte", p);
    }

    /** A request whose session holds the form token {@code T0KEN}. */
    private static HttpServletRequest request() {
        Map<String, Object> attributes = new HashMap<>();
        HttpSession session = (HttpSession) Proxy.newProxyInstance(HttpSession.class.getClassLoader(),
                new Class<?>[] {HttpSession.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getAttribute" -> attributes.getOrDefault((String) args[0], "T0KEN");
                    case "setAttribute" -> attributes.put((String) args[0], args[1]);
                    default -> null;
                });
        return (HttpServletRequest) Proxy.newProxyInstance(HttpServletRequest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> method.getName().equals("getSession")
                        ? session : null);
    }
}
