package jp.kyodo.admin.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gg.jte.Content;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.kyodo.admin.programmes.ProgrammeWords;
import jp.kyodo.agents.programmes.DiffLine;
import jp.kyodo.agents.knowledgebase.KbVersion;
import jp.kyodo.tenant.pages.FormState;
import jp.kyodo.tenant.pages.Languages;
import jp.kyodo.tenant.pages.Text;
import jp.kyodo.tenant.pages.Ui;
import org.junit.jupiter.api.Test;

/**
 * The knowledge and programme editors' templates in all six languages: every word from the bundle, errors bound to
 * their fields, what was typed kept (and escaped), the session's token in every form, diffs marked by words and
 * {@code ins}/{@code del} rather than colour alone.
 */
class EditorTemplatesTest {

    /** A request whose session holds attributes (the form token), without a container. */
    static HttpServletRequest request() {
        Map<String, Object> attributes = new HashMap<>();
        HttpSession session = (HttpSession) Proxy.newProxyInstance(EditorTemplatesTest.class.getClassLoader(),
                new Class<?>[] {HttpSession.class}, (p, m, a) -> switch (m.getName()) {
                    case "getAttribute" -> attributes.get((String) a[0]);
                    case "setAttribute" -> attributes.put((String) a[0], a[1]);
                    default -> null;
                });
        return (HttpServletRequest) Proxy.newProxyInstance(EditorTemplatesTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (p, m, a) -> m.getName().equals("getSession") ? session : null);
    }

    private static void assertClean(String tag, String html) {
        assertFalse(html.contains("[knowledge.") || html.contains("[programmes.") || html.contains("[form."), tag + ": " + html);
        assertFalse(html.contains("style="), tag);
    }

    @Test
    void theKnowledgeFormBindsErrorsToFieldsAndKeepsTheInput() {
        for (String tag : Languages.TAGS) {
            Text t = AdminPages.MESSAGES.in(tag);
            FormState form = FormState.empty().value("id", "it-1").value("question", "<script>x</script>")
                    .error("answer", t.t("knowledge.edit.answer.invalid"));
            Map<String, Object> p = new HashMap<>();
            p.put("t", t);
            p.put("words", Ui.words(tag));
            p.put("base", "/c/282022/admin/knowledge");
            p.put("titleKey", "knowledge.edit.newTitle");
            p.put("request", request());
            p.put("form", form);
            p.put("entry", null);
            p.put("action", "/c/282022/admin/knowledge/entries/new");
            p.put("versions", List.<KbVersion>of());
            p.put("saved", false);
            String html = AdminPages.TEMPLATES.render("knowledge/edit.jte", p);
            assertClean(tag, html);
            assertTrue(html.contains("name=\"_token\""), "the session's token: " + tag);
            assertTrue(html.contains("href=\"#answer\"") && html.contains("id=\"answer-error\""), "summary links the field: " + tag);
            assertTrue(html.contains("aria-describedby=\"answer-error\"") && html.contains("aria-invalid=\"true\""), tag);
            assertTrue(html.contains("id=\"question\" name=\"question\" value=\"&lt;script>x&lt;/script>\""), "kept and escaped: " + tag);
            // Enter in a field does the form's main action (保存して公開), not the draft button that comes first on screen
            assertEquals("<input type=\"submit\" name=\"action\" value=\"publish\" class=\"default-action\" tabindex=\"-1\" aria-hidden=\"true\">",
                    firstSubmit(html, "/c/282022/admin/knowledge/entries/new"), tag);
            assertTrue(html.indexOf("value=\"draft\"") < html.indexOf("value=\"publish\" class=\"button\""), "the buttons stay in order: " + tag);
        }
    }

    /** The first submit control of the form posting to {@code action}: what a browser sends on Enter in a field. */
    private static String firstSubmit(String html, String action) {
        int form = html.indexOf("<form method=\"post\" action=\"" + action + "\"");
        int submit = html.indexOf("type=\"submit\"", form);
        assertTrue(form >= 0 && submit > form && submit < html.indexOf("</form>", form), html);
        return html.substring(html.lastIndexOf('<', submit), html.indexOf('>', submit) + 1);
    }

    @Test
    void theProgrammeFormShowsRuleErrorsAtTheirLineAndATriedResult() {
        for (String tag : Languages.TAGS) {
            Text t = AdminPages.MESSAGES.in(tag);
            FormState form = FormState.empty().value("f_id", "282022-0001").value("rest", "eligibility:\n  amount: p.perChlid\n")
                    .value("comment", "誤りのある変更").value("h_m1_role", "child")
                    .error("rest", t.t("programmes.error.yaml", 1));
            Map<String, Object> p = new HashMap<>();
            p.put("t", t);
            p.put("words", Ui.words(tag));
            p.put("base", "/c/282022/admin/programmes");
            p.put("request", request());
            p.put("form", form);
            p.put("detail", null);
            p.put("action", "/c/282022/admin/programmes/new");
            p.put("cityCode", "282022");
            p.put("fields", List.of("name", "description"));
            p.put("fieldKeys", Map.of("name", "programmes.field.name", "description", "programmes.field.description"));
            p.put("yamlErrors", List.of(new ProgrammeWords.YamlError(2, 11, "p.perChlid は定義されていません", "  amount: p.perChlid")));
            p.put("general", List.<Content>of());
            p.put("validated", false);
            p.put("evaluation", null);
            p.put("noticeKey", null);
            p.put("memberRows", 6);
            String html = AdminPages.TEMPLATES.render("programmes/edit.jte", p);
            assertClean(tag, html);
            assertTrue(html.contains("<textarea id=\"rest\" name=\"rest\" rows=\"28\" class=\"code\""), tag);
            assertTrue(html.contains("p.perChlid") && html.contains("誤りのある変更"), "typed input kept: " + tag);
            assertTrue(html.contains("href=\"#rest\"") && html.contains("          ^</pre>"), "line and caret: " + tag);
            assertTrue(html.contains("<option value=\"child\" selected>"), "the household kept: " + tag);
            assertTrue(html.contains("name=\"_token\""), tag);
        }
    }

    @Test
    void aDiffIsReadableWithoutColour() {
        for (String tag : Languages.TAGS) {
            Text t = AdminPages.MESSAGES.in(tag);
            String html = AdminPages.TEMPLATES.render("programmes/diff.jte", Map.of("t", t, "diff", List.of(
                    new DiffLine(DiffLine.Op.SAME, 1, 1, "id: x"), new DiffLine(DiffLine.Op.REMOVED, 2, null, "a: 5000"),
                    new DiffLine(DiffLine.Op.ADDED, null, 2, "a: <7000>"))));
            assertClean(tag, html);
            assertTrue(html.contains("<del>a: 5000</del>") && html.contains("<ins>a: &lt;7000&gt;</ins>"), tag);
            assertTrue(html.contains(t.plain("programmes.diff.added")) && html.contains(t.plain("programmes.diff.removed")),
                    "the change is said in words: " + tag);
            assertFalse(html.contains("id: x"), "unchanged lines are left out");
        }
    }
}
