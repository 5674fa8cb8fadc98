package jp.kyodo.portal.pages;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.kyodo.portal.inquiries.InquiryPages;
import jp.kyodo.portal.profile.MyPages;
import jp.kyodo.tenant.pages.FormState;
import jp.kyodo.tenant.pages.Languages;
import jp.kyodo.tenant.pages.Text;
import jp.kyodo.tenant.pages.Ui;
import org.junit.jupiter.api.Test;

/**
 * The citizen's own forms (profile, household, inquiries) in each of the six languages: the session's token in every
 * form, the error summary linking to each field, each message tied to its field, what was typed kept and escaped, no
 * missing message, no inline style.
 */
class CitizenFormsTemplatesTest {

    private final Map<String, Object> session = new HashMap<>();
    private final HttpServletRequest request = request(session);

    @Test
    void theProfileFormWithErrorsInEachLanguage() {
        for (String tag : Languages.TAGS) {
            Text t = PortalPages.MESSAGES.in(tag);
            FormState form = FormState.empty().value("fullName", "<script>x</script>").value("postalCode", "66")
                    .value("emailNotifications", "true").value("prefecture", "兵庫県")
                    .error("fullNameKana", t.t("profile.error.kana")).error("postalCode", t.t("profile.error.postal"));
            Map<String, Object> p = params(t);
            p.put("form", form);
            p.put("prefectures", List.of(new Ui.Option("", Ui.text("-"), false), new Ui.Option("兵庫県", Ui.text("兵庫県"), false)));
            p.put("languages", List.of(new Ui.Option("ja", Ui.text("日本語"), false)));
            p.put("physical", List.<Ui.Option>of());
            p.put("ryoiku", List.<Ui.Option>of());
            p.put("mental", List.<Ui.Option>of());
            p.put("schoolYears", List.<Ui.Option>of());
            String html = PortalPages.TEMPLATES.render("pages/profileForm.jte", p);
            common(tag, html, 1);
            assertTrue(html.contains("href=\"#fullNameKana\"") && html.contains("href=\"#postalCode\""), html);
            assertTrue(html.contains("aria-describedby=\"fullNameKana-hint fullNameKana-error\"") && html.contains("aria-invalid=\"true\""), html);
            assertTrue(html.contains("value=\"&lt;script>x&lt;/script>\"") && !html.contains("<script>x"), "typed, escaped: " + html);
            assertTrue(html.contains("<option value=\"兵庫県\" selected>") && html.contains("name=\"emailNotifications\" value=\"true\" checked"), html);
            assertTrue(html.contains("inputmode=\"numeric\"") && html.contains("action=\"/c/282022/me/profile\""), html);
        }
    }

    @Test
    void theHouseholdListReflowsAndNamesEachMemberInItsLinks() {
        for (String tag : Languages.TAGS) {
            Text t = PortalPages.MESSAGES.in(tag);
            Map<String, Object> p = params(t);
            p.put("saved", true);
            p.put("hasProfile", true);
            p.put("members", List.of(new MyPages.Member("m-1", "尼崎 <花子>", "あまがさき はなこ", t.t("household.relationship.child"),
                    "2019-05-10", true, "-")));
            String html = PortalPages.TEMPLATES.render("pages/household.jte", p);
            common(tag, html, 0);
            assertTrue(html.contains("<span lang=\"ja\">尼崎 &lt;花子&gt;</span>") && html.contains("data-label=\""), html);
            assertTrue(html.contains("href=\"/c/282022/me/household/m-1/edit\"") && html.contains("role=\"status\""), html);
        }
    }

    @Test
    void theInquiryFormSendsFilesAndSaysAChosenFileMustBeChosenAgain() {
        for (String tag : Languages.TAGS) {
            Text t = PortalPages.MESSAGES.in(tag);
            FormState form = FormState.empty().value("category", "waste").value("message", "<b>ごみ</b>")
                    .error("subject", t.t("inquiry.error.subject")).error("file", t.t("inquiry.file.again", "a.pdf"));
            Map<String, Object> p = params(t);
            p.put("form", form);
            p.put("problem", null);
            p.put("cityName", "尼崎市");
            p.put("categories", List.of(new Ui.Option("waste", Ui.text(t.plain("inquiry.category.waste")), false)));
            p.put("subjectMax", 100);
            p.put("messageMax", 2000);
            p.put("fileHint", t.t("inquiry.file.hint", 3, "5 MB"));
            p.put("accept", ".pdf");
            String html = PortalPages.TEMPLATES.render("pages/inquiryForm.jte", p);
            common(tag, html, 1);
            assertTrue(html.contains("enctype=\"multipart/form-data\"") && html.contains("type=\"file\" id=\"file\" name=\"file\""), html);
            assertTrue(html.contains("href=\"#subject\"") && html.contains("href=\"#file\"") && html.contains("a.pdf"), html);
            assertTrue(html.contains("&lt;b&gt;ごみ&lt;/b&gt;</textarea>"), "typed text kept, escaped: " + html);
            assertTrue(html.contains("<option value=\"waste\" selected>"), html);
            assertTrue(html.contains("aria-describedby=\"file-hint file-error\""), html);
        }
    }

    @Test
    void theThreadMarksTheCitysRepliesAsJapaneseAndOffersTheReplyForm() {
        for (String tag : Languages.TAGS) {
            Text t = PortalPages.MESSAGES.in(tag);
            Map<String, Object> p = params(t);
            p.put("number", "2026-000001");
            p.put("subject", "件名<x>");
            p.put("category", t.t("inquiry.category.waste"));
            p.put("status", t.t("inquiry.status.new"));
            p.put("received", "2026-11-23");
            p.put("sent", true);
            p.put("messages", List.of(new InquiryPages.Message(t.t("inquiry.thread.city"), "2026-11-23 09:00", "お答えします\n二行目",
                    false, List.of(new InquiryPages.File("/c/282022/inquiries/2026-000001/attachments/f", "a<b>.pdf", "1 KB")))));
            p.put("open", true);
            p.put("form", FormState.empty());
            p.put("problem", null);
            p.put("replyMax", 2000);
            p.put("fileHint", t.t("inquiry.file.hint", 3, "5 MB"));
            p.put("accept", ".pdf");
            String html = PortalPages.TEMPLATES.render("pages/inquiry.jte", p);
            common(tag, html, 1);
            assertTrue(html.contains("lang=\"ja\">お答えします\n二行目</p>") && html.contains("a&lt;b&gt;.pdf"), html);
            assertTrue(html.contains("件名&lt;x&gt;") && html.contains("2026-000001") && html.contains("role=\"status\""), html);
        }
    }

    private void common(String tag, String html, int forms) {
        String token = (String) session.values().stream().findFirst().orElse("none");
        assertTrue(html.split("name=\"_token\" value=\"" + token + "\"", -1).length == forms + 1, tag + ": token in each form: " + html);
        assertFalse(html.contains("style="), tag);
        assertFalse(html.matches("(?s).*\\[(profile|household|inquiry|me)\\.[a-zA-Z.]+].*"), tag + ": a missing message: " + html);
        if (forms > 0 && html.contains("error-summary")) {
            assertTrue(html.contains("role=\"alert\""), html);
        }
    }

    private Map<String, Object> params(Text t) {
        Map<String, Object> p = new HashMap<>();
        p.put("t", t);
        p.put("words", Ui.words(t.tag()));
        p.put("base", "/c/282022/");
        p.put("request", request);
        return p;
    }

    private static HttpServletRequest request(Map<String, Object> attributes) {
        HttpSession session = (HttpSession) Proxy.newProxyInstance(CitizenFormsTemplatesTest.class.getClassLoader(),
                new Class<?>[] {HttpSession.class}, (x, m, a) -> switch (m.getName()) {
                    case "getAttribute" -> attributes.get((String) a[0]);
                    case "setAttribute" -> attributes.put((String) a[0], a[1]);
                    default -> null;
                });
        return (HttpServletRequest) Proxy.newProxyInstance(CitizenFormsTemplatesTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (x, m, a) -> m.getName().equals("getSession") ? session : null);
    }
}
