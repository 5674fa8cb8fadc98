package jp.kyodo.portal.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jp.kyodo.portal.notices.Notice;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.CityStatus;
import jp.kyodo.tenant.pages.Languages;
import jp.kyodo.tenant.pages.Messages;
import jp.kyodo.tenant.pages.MessagesCheck;
import org.junit.jupiter.api.Test;

/** The portal's bundle is complete in six languages, and its templates render and escape. */
class PortalTemplatesTest {

    @Test
    void portalMessagesAreConsistentInAllSixLanguages() {
        List<String> problems = MessagesCheck.problems(PortalPages.MESSAGES, Path.of("").toAbsolutePath());
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void theCheckFindsAMissingKeyAnUnusedKeyAndAPlaceholderMismatch() {
        // a bundle made for this test (src/test/resources/jp/kyodo/portal/pages/broken_*.properties)
        Messages broken = Messages.of(PortalTemplatesTest.class, "jp/kyodo/portal/pages/broken");
        String all = String.join("\n", MessagesCheck.problems(broken, Path.of("").toAbsolutePath()));
        assertTrue(all.contains("en: missing key home.heading"), all);
        assertTrue(all.contains("zh: home.title has placeholders []"), all);
        assertTrue(all.contains("unused key nowhere.used"), all);
    }

    @Test
    void theCityHomeInEachLanguageMarksJapaneseDataAndEscapesIt() {
        City city = new City(UUID.randomUUID(), "282022", "尼崎<市>", "あまがさきし", "兵庫県", CityStatus.ACTIVE, null);
        Notice n = new Notice(UUID.randomUUID(), "<b>お知らせ</b>", "本文", "general", true, OffsetDateTime.now(), "x",
                OffsetDateTime.now(), 1);
        for (String tag : Languages.TAGS) {
            String html = HomePage.render(PortalPages.MESSAGES.in(tag), city, List.of(n), false);
            assertTrue(html.contains("<html lang=\"" + Languages.htmlLang(tag) + "\">"), tag);
            assertTrue(html.contains("<span lang=\"ja\">尼崎&lt;市&gt;</span>"), html);
            assertTrue(html.contains("&lt;b&gt;お知らせ&lt;/b&gt;"), "notice escaped");
            assertFalse(html.contains("style=") || html.contains("<style"), "no inline styles: " + tag);
            assertFalse(html.contains("[home."), "no missing message: " + tag);
        }
        assertTrue(HomePage.render(PortalPages.MESSAGES.in("ja-easy"), city, List.of(), true).contains("<ruby>"));
    }

    @Test
    void theTwoStepPageCarriesTheFormTokenInEveryFormInEachLanguage() {
        java.util.Map<String, Object> attributes = new java.util.HashMap<>();
        jakarta.servlet.http.HttpServletRequest request = fakeRequest(attributes);
        var apps = List.of(new jp.kyodo.portal.profile.TwoStepSignInPage.AppRow("id-1", "<my phone>", "2026-12-04"));
        for (String tag : Languages.TAGS) {
            String html = PortalPages.TEMPLATES.render("pages/twoStep.jte", Map.of("t", PortalPages.MESSAGES.in(tag),
                    "base", "/c/282022/", "apps", apps, "outcome", "expired", "request", request));
            String token = (String) attributes.values().iterator().next();
            assertTrue(html.split("name=\"_token\" value=\"" + token + "\"", -1).length == 3, "both forms carry the token: " + html);
            assertTrue(html.contains("&lt;my phone&gt;") && !html.contains("<my phone>"), "the app's name escaped");
            assertTrue(html.contains("role=\"alert\"") && html.contains("<caption>"), html);
            assertFalse(html.contains("[twoStep."), tag);
        }
    }

    /** My page's parameters (pages/me.jte) as MyPage gives them, for a citizen 尼崎 <太郎> of 兵庫県尼崎市. */
    private static Map<String, Object> myPage(String tag, String username, String cityName, boolean hasProfile, long unread,
                                              boolean staffView, List<Notice> notices) {
        Map<String, Object> p = new java.util.HashMap<>();
        p.put("t", PortalPages.MESSAGES.in(tag));
        p.put("base", "/c/282022/");
        p.put("name", "尼崎 <太郎>");
        p.put("username", username);
        p.put("place", "兵庫県尼崎市");
        p.put("roles", "住民, operator");
        p.put("hasProfile", hasProfile);
        p.put("unread", unread);
        p.put("staffView", staffView);
        p.put("cityName", cityName);
        p.put("notices", notices);
        return p;
    }

    @Test
    void myPageInEachLanguageMarksJapaneseDataEscapesItAndCountsUnread() {
        Notice draft = new Notice(UUID.randomUUID(), "<b>下書き</b>", "本文", "general", false, OffsetDateTime.now(), "x",
                OffsetDateTime.now(), 1);
        for (String tag : Languages.TAGS) {
            Map<String, Object> p = myPage(tag, "taro\"x", "尼崎市", false, 3L, true, List.of(draft));
            String html = PortalPages.TEMPLATES.render("pages/me.jte", p);
            assertTrue(html.contains("<span lang=\"ja\">尼崎 &lt;太郎&gt;</span>"), html);
            assertTrue(html.contains("&lt;b&gt;下書き&lt;/b&gt;") && html.contains("href=\"/c/282022/me/profile/edit\""), html);
            assertTrue(html.contains("3") && html.contains("<strong>"), "unread count: " + html);
            assertFalse(html.contains("[me."), "no missing message: " + tag);
            assertFalse(html.contains("style="), tag);
        }
    }

    @Test
    void myPageIsWrittenExactlyAsJtesOwnOutputWritesItInEachLanguage() {
        // the pages' output (PageOutput, bench/pages) against jte's own escaping output, for the whole of my page
        List<Notice> notices = List.of(
                new Notice(UUID.randomUUID(), "<b>下書き</b> & \"x\"", "本文", "general", false, OffsetDateTime.now(), "x", OffsetDateTime.now(), 1),
                new Notice(UUID.randomUUID(), "粗大ごみの収集日が変わります", "<注意>", "general", true, OffsetDateTime.now(), "x", OffsetDateTime.now(), 1));
        for (String tag : Languages.TAGS) {
            for (boolean records : List.of(false, true)) {
                Map<String, Object> p = myPage(tag, "taro\"x' & <y>", "尼崎市<>", records, records ? 0L : 12L, records, notices);
                if (records) {
                    p.put("business", new jp.kyodo.tenant.pages.SignedIn.Business("2", "1", "1234567890123", "株式会社<共同>",
                            "兵庫県尼崎市 \"1-1\""));
                    p.put("verified", new jp.kyodo.crm.citizens.VerifiedIdentity("尼崎 太郎 <x>", "兵庫県 & 尼崎市",
                            java.time.LocalDate.of(1985, 4, 1), "1", "card-verified", "acr", "idp", OffsetDateTime.now()));
                }
                gg.jte.output.StringOutput jte = new gg.jte.output.StringOutput();
                PortalPages.TEMPLATES.content("pages/me.jte", p).writeTo(new gg.jte.html.OwaspHtmlTemplateOutput(jte));
                assertEquals(jte.toString(), PortalPages.TEMPLATES.render("pages/me.jte", p), tag + " " + records);
            }
        }
    }

    @Test
    void theConsentsPageCarriesTheTokenInEachFormAndLabelsItsTableForAPhone() {
        jakarta.servlet.http.HttpServletRequest request = fakeRequest(new java.util.HashMap<>());
        var purposes = List.of(
                new jp.kyodo.portal.profile.ConsentsPage.Purpose("programme-guidance", jp.kyodo.tenant.pages.Ui.text("a"),
                        jp.kyodo.tenant.pages.Ui.text("s"), true, true, false),
                new jp.kyodo.portal.profile.ConsentsPage.Purpose("surveys", jp.kyodo.tenant.pages.Ui.japanese("<アンケート>"),
                        jp.kyodo.tenant.pages.Ui.text("s"), false, true, true));
        var history = List.of(new jp.kyodo.portal.profile.ConsentsPage.Change("2026-12-04 10:00",
                jp.kyodo.tenant.pages.Ui.text("a"), true));
        for (String tag : Languages.TAGS) {
            var t = PortalPages.MESSAGES.in(tag);
            String html = PortalPages.TEMPLATES.render("pages/consents.jte", Map.of("t", t, "base", "/c/282022/",
                    "purposes", purposes, "history", history, "invalid", true, "request", request));
            assertTrue(html.split("name=\"_token\"", -1).length == 3, "each form carries the token: " + html);
            assertTrue(html.contains("name=\"given\" value=\"true\"") && html.contains("name=\"purpose\" value=\"surveys\""), html);
            assertTrue(html.contains("<span lang=\"ja\">&lt;アンケート&gt;</span>"), html);
            assertTrue(html.contains("role=\"alert\"") && html.contains("data-label=\"" + t.plain("consents.history.when") + "\""), html);
            assertFalse(html.contains("[consents.") || html.contains("[me."), tag);
        }
    }

    @Test
    void theApplicationFormBindsErrorsToFieldsKeepsInputAndCarriesTheTokenInBothFormsInEachLanguage() {
        jakarta.servlet.http.HttpServletRequest request = fakeRequest(new java.util.HashMap<>());
        for (String tag : Languages.TAGS) {
            var t = PortalPages.MESSAGES.in(tag);
            var form = jp.kyodo.tenant.pages.FormState.empty().value("bank.accountNumber", "12<3>")
                    .error("bank.accountNumber", t.t("apply.error.field", jp.kyodo.tenant.pages.Ui.japanese("口座番号")))
                    .error("file", t.t("apply.file.error.type", "a<b>.exe"));
            var field = jp.kyodo.tenant.pages.Ui.field(form, "bank.accountNumber", t.t("apply.field.required",
                    jp.kyodo.tenant.pages.Ui.japanese("口座番号")), t.t("apply.source.profile"), "text", null);
            var section = new jp.kyodo.portal.applications.ApplicationPages.Section("bank", jp.kyodo.tenant.pages.Ui.japanese("口座"),
                    List.of(new jp.kyodo.portal.applications.ApplicationPages.Entry(t.t("apply.row", 1), List.of(field))), true);
            var doc = new jp.kyodo.portal.applications.ApplicationPages.Requirement("account-proof",
                    jp.kyodo.tenant.pages.Ui.japanese("通帳の写し"), true, List.of("<通帳>.pdf"));
            Map<String, Object> p = new java.util.HashMap<>();
            p.put("t", t);
            p.put("base", "/c/282022/me/applications");
            p.put("request", request);
            p.put("id", "a-1");
            p.put("procedure", jp.kyodo.tenant.pages.Ui.japanese("児童手当 認定請求"));
            p.put("subject", null);
            p.put("saved", false);
            p.put("attachedNow", false);
            p.put("form", form);
            p.put("sections", List.of(section));
            p.put("documents", List.of(doc));
            p.put("fileHint", t.t("apply.file.hint", 3, 5));
            p.put("fileError", true);
            String html = PortalPages.TEMPLATES.render("applications/form.jte", p);
            assertEquals(3, html.split("name=\"_token\"", -1).length, "the answers and the upload form carry the token: " + html);
            assertTrue(html.contains("enctype=\"multipart/form-data\""), html);
            assertTrue(html.contains("href=\"#bank.accountNumber\"") && html.contains("href=\"#file\""), "summary links: " + html);
            assertTrue(html.contains("value=\"12&lt;3") && html.contains("aria-invalid=\"true\""), "input kept: " + html);
            assertTrue(html.contains("&lt;通帳&gt;.pdf") && !html.contains("<通帳>") && html.contains("a&lt;b&gt;.exe"), html);
            assertTrue(html.contains("id=\"file-again\""), "says the files must be chosen again: " + html);
            assertTrue(html.contains("value=\"add:bank\""), html);
            // Enter in a field goes to the review: the form's first submit control is the hidden default action
            assertEquals("<input type=\"submit\" name=\"action\" value=\"review\" class=\"default-action\" tabindex=\"-1\" aria-hidden=\"true\">",
                    firstSubmit(html, "/c/282022/me/applications/a-1"), tag);
            assertFalse(html.contains("[apply.") || html.contains("style="), tag + ": " + html);
        }
    }

    @Test
    void theBundlePageAsksOneQuestionWithItsErrorLinkedAndLinksEachDraftInEachLanguage() {
        jakarta.servlet.http.HttpServletRequest request = fakeRequest(new java.util.HashMap<>());
        for (String tag : Languages.TAGS) {
            var t = PortalPages.MESSAGES.in(tag);
            var form = jp.kyodo.tenant.pages.FormState.empty().value("value", "").error("value", t.t("bundles.error.choice"));
            var q = new jp.kyodo.portal.lifeevents.LifeEventBundlePages.Question("receivesAllowance",
                    jp.kyodo.tenant.pages.Ui.japanese("<手当>を受けていますか。"), null, "choice", List.of(
                    new jp.kyodo.tenant.pages.Ui.Option("yes", t.t("bundles.yes"), false),
                    new jp.kyodo.tenant.pages.Ui.Option("no", t.t("bundles.no"), false)), form, false);
            var known = List.of(new jp.kyodo.portal.lifeevents.LifeEventBundlePages.Value(jp.kyodo.tenant.pages.Ui.text("氏名"),
                    jp.kyodo.tenant.pages.Ui.japanese("試験 三郎"), t.t("bundles.from.household"), "childName"));
            var step = new jp.kyodo.portal.lifeevents.LifeEventBundlePages.Step(3, jp.kyodo.tenant.pages.Ui.japanese("児童手当"),
                    null, "info", t.t("bundles.state.ready"), null, List.of(new jp.kyodo.portal.lifeevents.LifeEventBundlePages.Value(
                    jp.kyodo.tenant.pages.Ui.text("bank.branch"), jp.kyodo.tenant.pages.Ui.japanese("本店"),
                    t.t("bundles.from.answer"), "branch")), "app-1", t.t("bundles.draft.draft"), false,
                    new jp.kyodo.portal.lifeevents.LifeEventBundlePages.Confirm("app-1", "d1g3st", List.of(
                            new jp.kyodo.portal.lifeevents.LifeEventBundlePages.Value(jp.kyodo.tenant.pages.Ui.text("bank.branch"),
                                    jp.kyodo.tenant.pages.Ui.japanese("<本店>"), t.t("bundles.from.answer"), null)), true, false,
                            List.of(new jp.kyodo.tenant.pages.Ui.Option("true", t.t("bundles.confirm.check"), false)),
                            jp.kyodo.tenant.pages.FormState.empty()));
            Map<String, Object> params = new java.util.HashMap<>(Map.of("t", t, "base", "/c/282022/", "id", "b-1",
                    "name", jp.kyodo.tenant.pages.Ui.japanese("出生"), "status", "ASKING", "question", q, "known", known,
                    "answers", List.of(), "steps", List.of(step), "drafted", true));
            params.put("prepared", false);
            params.put("confirmErrors", jp.kyodo.tenant.pages.FormState.empty());
            params.put("filed", true);
            params.put("photo", new jp.kyodo.portal.lifeevents.LifeEventBundlePages.Photo(true,
                    jp.kyodo.tenant.pages.FormState.empty(), null, null, t.t("bundles.photo.doc.birth"), List.of(
                    new jp.kyodo.portal.lifeevents.LifeEventBundlePages.Proposal(jp.kyodo.tenant.pages.Ui.text("氏名"),
                            jp.kyodo.tenant.pages.Ui.japanese("<署名して>"), "childName", false))));
            params.put("request", request);
            String html = PortalPages.TEMPLATES.render("pages/bundle.jte", params);
            assertTrue(html.contains("action=\"/c/282022/me/life-events/b-1/photo\"") && html.contains("enctype=\"multipart/form-data\"")
                    && html.contains("&lt;署名して&gt;") && html.contains("tag-warning") && html.contains("?change=childName"), html);
            assertTrue(html.contains("action=\"/c/282022/me/life-events/b-1/confirm\"") && html.contains("name=\"digest\" value=\"d1g3st\"")
                    && html.contains("name=\"confirm-app-1\" value=\"true\"") && html.contains("&lt;本店&gt;"), html);
            assertTrue(html.contains("class=\"error-summary\"") && html.contains("href=\"#value\""), html);
            // the summary takes focus when the page loads, without a script (keyboard and screen-reader users start there)
            assertTrue(html.matches("(?s).*<div class=\"error-summary\"[^>]*tabindex=\"-1\" autofocus>.*"), html);
            assertTrue(html.contains("<fieldset id=\"value\"") && html.contains("<label for=\"value-yes\">"), html);
            assertTrue(html.contains("name=\"question\" value=\"receivesAllowance\"") && html.contains("name=\"_token\""), html);
            assertTrue(html.contains("&lt;手当&gt;"), "escaped: " + html);
            assertTrue(html.contains("href=\"/c/282022/me/applications/app-1\"")
                    && html.contains("href=\"/c/282022/me/life-events/b-1?change=childName\""), html);
            assertTrue(html.contains("action=\"/c/282022/me/life-events/b-1/answer\"") && !html.contains("/b-1/drafts"), "no prepare button while asking");
            assertFalse(html.contains("[bundles.") || html.contains("[me."), tag + ": " + html);
        }
    }

    private jakarta.servlet.http.HttpServletRequest fakeRequest(Map<String, Object> attributes) {
        jakarta.servlet.http.HttpSession session = (jakarta.servlet.http.HttpSession) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {jakarta.servlet.http.HttpSession.class}, (p, m, a) -> switch (m.getName()) {
                    case "getAttribute" -> attributes.get((String) a[0]);
                    case "setAttribute" -> attributes.put((String) a[0], a[1]);
                    default -> null;
                });
        return (jakarta.servlet.http.HttpServletRequest) java.lang.reflect.Proxy
                .newProxyInstance(getClass().getClassLoader(), new Class<?>[] {jakarta.servlet.http.HttpServletRequest.class},
                        (p, m, a) -> m.getName().equals("getSession") ? session : null);
    }

    @Test
    void theRefusalForAnotherCitysAccountSpeaksEachLanguage() {
        for (String tag : Languages.TAGS) {
            String html = PortalPages.TEMPLATES.render("pages/notMember.jte", Map.of("t", PortalPages.MESSAGES.in(tag), "cityName", "尼崎<市>"));
            assertTrue(html.contains("<span lang=\"ja\">尼崎&lt;市&gt;</span>"), html);
            assertFalse(html.contains("[notMember."), "no missing message: " + tag);
        }
    }

    @Test
    void thePlatformIndexRenders() {
        String html = PortalPages.TEMPLATES.render("pages/index.jte", Map.of("t", PortalPages.MESSAGES.in("vi"),
                "cities", List.of(new City(UUID.randomUUID(), "131016", "千代田区", "ちよだく", "東京都", CityStatus.ACTIVE, null))));
        assertTrue(html.contains("href=\"/c/131016/\""), html);
    }

    /** The first submit control of the form posting to {@code action}: what a browser sends on Enter in a field. */
    static String firstSubmit(String html, String action) {
        int form = html.indexOf("<form method=\"post\" action=\"" + action + "\"");
        int submit = html.indexOf("type=\"submit\"", form);
        assertTrue(form >= 0 && submit > form && submit < html.indexOf("</form>", form), html);
        return html.substring(html.lastIndexOf('<', submit), html.indexOf('>', submit) + 1);
    }
}
