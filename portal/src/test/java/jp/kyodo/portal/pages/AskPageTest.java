package jp.kyodo.portal.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jp.kyodo.agents.concierge.ConciergeAnswer;
import jp.kyodo.agents.concierge.ConciergeSource;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.CityStatus;
import jp.kyodo.tenant.pages.FormState;
import jp.kyodo.tenant.pages.Languages;
import jp.kyodo.tenant.pages.Text;
import org.junit.jupiter.api.Test;

/** The concierge page ({@code pages/ask.jte}): every state in every language, escaped, each form with the token. */
class AskPageTest {

    private static final City CITY = new City(UUID.randomUUID(), "282022", "尼崎市", "あまがさきし", "兵庫県",
            CityStatus.ACTIVE, null);
    private static final Map<String, Object> SESSION = new HashMap<>();
    private static final HttpServletRequest REQUEST = request();

    private static String token() {
        return (String) SESSION.values().iterator().next();
    }

    private static String page(String tag, String question, ConciergeAnswer a, boolean anonymous, boolean contact,
                               FormState form) {
        AskPage.Shown shown = a == null ? null : AskPage.Shown.answer(CITY.code(), question, a);
        return AskPage.render(jp.kyodo.portal.pages.PortalPages.MESSAGES.in(tag), CITY, REQUEST,
                new AskPage.View(List.of(), shown, anonymous, contact, form, null, 2000));
    }

    private static String page(String question, ConciergeAnswer a, boolean anonymous) {
        return page("ja", question, a, anonymous, false, FormState.empty());
    }

    private static void everyFormCarriesTheToken(String html) {
        int forms = html.split("<form method=\"post\"", -1).length - 1;
        int tokens = html.split("name=\"_token\" value=\"" + token() + "\"", -1).length - 1;
        assertTrue(forms >= 1 && forms == tokens, forms + " forms, " + tokens + " tokens: " + html);
    }

    private static ConciergeAnswer handover(List<ConciergeSource> suggestions) {
        return new ConciergeAnswer("HANDOVER", "ja", "担当の職員におつなぎします。", List.of(), 0.4, UUID.randomUUID(),
                "2026-000123", "", suggestions, List.of(), "LOW_CONFIDENCE", false, null);
    }

    @Test
    void anUnsureHandOverListsTheSuggestedEntriesEscaped() {
        String html = page("保険証はいつまで使える", handover(List.of(
                new ConciergeSource("ama-a", "マイナ保険証 <b>について</b>", "https://www.city.example.jp/a?x=1&y=2"),
                new ConciergeSource("ama-b", "国保の加入", "javascript:alert(1)"))), false);
        assertTrue(html.contains("<strong>2026-000123</strong>"), "the hand-over still happens: " + html);
        assertTrue(html.contains("<h3 id=\"suggestions-heading\">こちらの情報が役に立つかもしれません</h3>"), html);
        assertTrue(html.contains("<ul class=\"suggestions\" aria-labelledby=\"suggestions-heading\">"), html);
        assertTrue(html.contains("<a href=\"https://www.city.example.jp/a?x=1&amp;y=2\">マイナ保険証 &lt;b&gt;について&lt;/b&gt;</a>"), html);
        assertTrue(html.contains("<li><a href=\"/c/282022/faq/ama-b\">国保の加入</a></li>"),
                "a source without an http(s) address links to its page in the city's よくある質問: " + html);
        assertFalse(html.contains("javascript:alert"), html);
        everyFormCarriesTheToken(html);

        String en = page("en", "q", handover(List.of(new ConciergeSource("ama-a", "t", "https://x.example/"))), false, false,
                FormState.empty());
        assertTrue(en.contains("This information may help") && en.contains("<html lang=\"en\">"), en);
    }

    @Test
    void aQuestionThatNamesALifeEventLinksToItsBundleAndOtherQuestionsDoNot() {
        ConciergeAnswer a = new ConciergeAnswer("UNANSWERED", "ja", "申し訳ありません。", List.of(), 0.2, null, null, "",
                List.of(), List.of(), "LOW_CONFIDENCE", true, null);
        AskPage.Shown shown = AskPage.Shown.answer(CITY.code(), "子どもが生まれました", a);
        String html = AskPage.render(PortalPages.MESSAGES.in("ja"), CITY, REQUEST, new AskPage.View(List.of(), shown, false,
                false, FormState.empty(), null, 2000, List.of(new jp.kyodo.portal.lifeevents.BundleLink("birth",
                        jp.kyodo.tenant.pages.Ui.japanese("子どもが生まれた")))));
        assertTrue(html.contains("<a href=\"/c/282022/me/life-events#o-birth\">") && html.contains("子どもが生まれた</span></a>"),
                html);
        assertFalse(page("子どもが生まれました", a, false).contains("me/life-events"));
    }

    @Test
    void noListWithoutSuggestions() {
        String html = page("人と話したい", handover(List.of()), false);
        assertTrue(html.contains("2026-000123"));
        assertFalse(html.contains("suggestions-heading"), html);
    }

    @Test
    void aClarificationOffersEachChoiceAsAFormAndNoneOfThese() {
        ConciergeAnswer a = new ConciergeAnswer("CLARIFY", "ja", "どれについてですか？", List.of(), 0.6, null, null, "",
                List.of(), List.of(new ConciergeSource("ama-a", "住民票 <i>の写し</i>", "https://www.city.example.jp/a"),
                new ConciergeSource("ama-b", "コンビニ交付", "javascript:alert(1)")), null, false, null);
        String html = page("じゅうみんひょう\"><script>", a, true);
        assertTrue(html.contains("<h2 id=\"answer-heading\">どれについてですか？</h2>"), html);
        assertTrue(html.contains("<input type=\"hidden\" name=\"choice\" value=\"ama-a\"><button type=\"submit\" name=\"action\" "
                + "value=\"choose\">住民票 &lt;i&gt;の写し&lt;/i&gt;</button>"), html);
        assertTrue(html.contains("value=\"じゅうみんひょう&#34;>&lt;script>\"") || html.contains("value=\"じゅうみんひょう&quot;&gt;&lt;script&gt;\""),
                "the question is carried escaped: " + html);
        assertFalse(html.contains("<script>"), html);
        assertFalse(html.contains("javascript:alert"), html);
        assertTrue(html.contains("どれでもない（職員に問い合わせる）"), html);
        everyFormCarriesTheToken(html);
    }

    @Test
    void anUnansweredQuestionAsksBeforeOpeningACaseAndTakesAContactFromAnAnonymousPerson() {
        ConciergeAnswer a = new ConciergeAnswer("UNANSWERED", "ja", "申し訳ありません。", List.of(), 0.2, null, null, "",
                List.of(), List.of(), "LOW_CONFIDENCE", true, null);
        String html = page("野球の試合結果", a, true);
        assertTrue(html.contains("お答えできませんでした"), html);
        assertFalse(html.contains("受付番号"), "no case without asking: " + html);
        assertTrue(html.contains("name=\"action\" value=\"person\">職員に問い合わせる"), html);
        assertTrue(page("野球の試合結果", a, false).contains("name=\"action\" value=\"handover\">職員に問い合わせる"),
                "a person signed in hands over at once");

        FormState typed = FormState.empty().value("question", "野球の試合結果");
        String form = page("ja", null, null, true, true, typed);
        assertTrue(form.contains("id=\"contact-heading\"") && form.contains(">野球の試合結果</textarea>"), form);
        assertTrue(form.contains("type=\"email\" id=\"contactEmail\" name=\"contactEmail\""), form);
        assertTrue(form.contains("type=\"tel\" id=\"contactPhone\" name=\"contactPhone\""), form);
        assertTrue(form.contains("href=\"/c/282022/login?return=/c/282022/ask\""), "sign-in offered: " + form);
        assertEquals(1, form.split("id=\"question\"", -1).length - 1, "one field with the id 'question': " + form);
        everyFormCarriesTheToken(form);

        String signedIn = page("ja", null, null, false, true, typed);
        assertFalse(signedIn.contains("contactEmail"), signedIn);

        ConciergeAnswer refused = new ConciergeAnswer("UNANSWERED", "ja", "ご質問を文字で入力してください。", List.of(), 0, null,
                null, "", List.of(), List.of(), "NOT_A_QUESTION", false, null);
        assertFalse(page("🙂", refused, true).contains("職員に問い合わせる</button>"));
    }

    @Test
    void aHandOverOfAnAnonymousPersonShowsTheFollowLink() {
        ConciergeAnswer a = new ConciergeAnswer("HANDOVER", "ja", "担当の職員におつなぎします。", List.of(), 0.2, UUID.randomUUID(),
                "2026-000124", "", List.of(), List.of(), "LOW_CONFIDENCE", false,
                "http://localhost:9080/c/282022/inquiries/reply/abc");
        String html = page("q", a, true);
        assertTrue(html.contains("2026-000124"), html);
        assertTrue(html.contains("<a class=\"follow\" href=\"http://localhost:9080/c/282022/inquiries/reply/abc\">"), html);
        ConciergeAnswer script = new ConciergeAnswer("HANDOVER", "ja", "x", List.of(), 0.2, UUID.randomUUID(), "2026-000125",
                "", List.of(), List.of(), "LOW_CONFIDENCE", false, "javascript:alert(1)");
        assertFalse(page("q", script, true).contains("javascript:"), "only a web address is linked");
    }

    @Test
    void anAnswerShowsItsSourcesAndTheErrorsAreTiedToTheirFields() {
        ConciergeAnswer a = new ConciergeAnswer("ANSWERED", "ja", "1行目\n<b>2行目</b>", List.of(new ConciergeSource("ama-a",
                "住民票", "https://www.city.example.jp/a")), 0.9, null, null, "日本語のみ", List.of(), List.of(), null, false, null);
        String html = page("住民票", a, true);
        assertTrue(html.contains("<h2 id=\"answer-heading\">回答</h2>") && html.contains("<h3>出典</h3>"), html);
        assertTrue(html.contains("<p class=\"pre-line\">1行目\n&lt;b&gt;2行目&lt;/b&gt;</p>"), html);
        assertTrue(html.contains("<p>日本語のみ</p>"), html);

        for (String tag : Languages.TAGS) {
            Text t = PortalPages.MESSAGES.in(tag);
            FormState bad = FormState.empty().value("question", "<script>x</script>")
                    .error("question", t.t("ask.error.tooLong", 2000, 2001));
            String error = page(tag, null, null, true, false, bad);
            assertTrue(error.contains("class=\"error-summary\"") && error.contains("href=\"#question\""), error);
            assertTrue(error.contains("aria-invalid=\"true\"") && error.contains("question-error"), error);
            assertTrue(error.contains(">&lt;script&gt;x&lt;/script&gt;</textarea>"), "kept, escaped: " + error);
            assertFalse(error.contains("[ask.") || error.contains("[form."), tag + ": " + error);
            assertFalse(error.contains("style="), tag);
            String contact = page(tag, null, null, true, true, FormState.empty().value("question", "q")
                    .error("contactEmail", t.t("ask.error.contact")));
            assertTrue(contact.contains("href=\"#contactEmail\"") && contact.contains("id=\"contactEmail-error\""), contact);
            assertFalse(contact.contains("[ask."), tag + ": " + contact);
        }
    }

    @Test
    void theRateLimitIsReadableInEachLanguage() {
        for (String tag : Languages.TAGS) {
            Text t = PortalPages.MESSAGES.in(tag);
            String html = AskPage.render(t, CITY, REQUEST, new AskPage.View(List.of(new AskPage.Said(true, "前の質問", null),
                    new AskPage.Said(false, "前の回答", "2026-000001")), null, true, false,
                    FormState.empty().value("question", "続き"), t.t("ask.tooMany", 42), 2000));
            assertTrue(html.contains("role=\"alert\"") && html.contains("42"), html);
            assertTrue(html.contains("前の質問") && html.contains("(2026-000001)") && html.contains(">続き</textarea>"), html);
            assertFalse(html.contains("[ask."), tag);
        }
        assertTrue(AskPage.render(PortalPages.MESSAGES.in("ja"), CITY, REQUEST, new AskPage.View(List.of(), null, true, false,
                FormState.empty(), PortalPages.MESSAGES.in("ja").t("ask.tooMany", 42), 2000)).contains("42秒ほど待ってから"));
    }

    @Test
    void thePageAsksTheConciergeInItsOwnLanguages() {
        assertEquals("ja", AskPage.conciergeLanguage("ja-easy"));
        assertEquals("vi", AskPage.conciergeLanguage("vi"));
    }

    private static HttpServletRequest request() {
        HttpSession session = (HttpSession) Proxy.newProxyInstance(AskPageTest.class.getClassLoader(),
                new Class<?>[] {HttpSession.class}, (p, m, a) -> switch (m.getName()) {
                    case "getAttribute" -> SESSION.get((String) a[0]);
                    case "setAttribute" -> SESSION.put((String) a[0], a[1]);
                    default -> null;
                });
        return (HttpServletRequest) Proxy.newProxyInstance(AskPageTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (p, m, a) -> m.getName().equals("getSession") ? session : null);
    }
}
