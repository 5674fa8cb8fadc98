package jp.kyodo.portal.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import jp.kyodo.agents.concierge.ConciergeAnswer;
import jp.kyodo.agents.concierge.ConciergeSource;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.CityStatus;
import org.junit.jupiter.api.Test;

class AskPageTest {

    static final String TOKEN = "<input type=\"hidden\" name=\"_token\" value=\"t\">";
    private static final City CITY = new City(UUID.randomUUID(), "282022", "尼崎市", "あまがさきし", "兵庫県",
            CityStatus.ACTIVE, null);

    private static ConciergeAnswer handover(List<ConciergeSource> suggestions) {
        return new ConciergeAnswer("HANDOVER", "ja", "担当の職員におつなぎします。", List.of(), 0.4, UUID.randomUUID(),
                "2026-000123", "", suggestions, List.of(), "LOW_CONFIDENCE", false, null);
    }

    @Test
    void anUnsureHandOverListsTheSuggestedEntriesEscaped() {
        String html = AskPage.page(CITY, "ja", "保険証はいつまで使える", null, handover(List.of(
                new ConciergeSource("ama-a", "マイナ保険証 <b>について</b>", "https://www.city.example.jp/a?x=1&y=2"),
                new ConciergeSource("ama-b", "国保の加入", "javascript:alert(1)"))), null, TOKEN);
        assertTrue(html.contains("2026-000123"), "the hand-over still happens");
        assertTrue(html.contains("<h3 id=\"suggestions-heading\">こちらの情報が役に立つかもしれません</h3>"), html);
        assertTrue(html.contains("<ul class=\"suggestions\" aria-labelledby=\"suggestions-heading\">"), html);
        assertTrue(html.contains("<a href=\"https://www.city.example.jp/a?x=1&amp;y=2\">マイナ保険証 &lt;b&gt;について&lt;/b&gt;</a>"), html);
        assertTrue(html.contains("<li>国保の加入</li>"), "a non-http link is shown as text: " + html);
        assertFalse(html.contains("javascript:alert"), html);

        String en = AskPage.page(CITY, "en", "q", null, handover(List.of(new ConciergeSource("ama-a", "t", "https://x.example/"))), null, TOKEN);
        assertTrue(en.contains("This information may help"), en);
    }

    @Test
    void noListWithoutSuggestions() {
        String html = AskPage.page(CITY, "ja", "人と話したい", null, handover(List.of()), null, TOKEN);
        assertTrue(html.contains("2026-000123"));
        assertFalse(html.contains("suggestions-heading"), html);
    }

    @Test
    void aClarificationOffersEachChoiceAsAFormAndNoneOfThese() {
        ConciergeAnswer a = new ConciergeAnswer("CLARIFY", "ja", "どれについてですか？", List.of(), 0.6, null, null, "",
                List.of(), List.of(new ConciergeSource("ama-a", "住民票 <i>の写し</i>", "https://www.city.example.jp/a"),
                new ConciergeSource("ama-b", "コンビニ交付", "javascript:alert(1)")), null, false, null);
        String html = AskPage.page(CITY, "ja", "じゅうみんひょう\"><script>", null, a, null, true, false, TOKEN);
        assertTrue(html.contains("<h2 id=\"answer-heading\">どれについてですか？</h2>"), html);
        assertTrue(html.contains("<input type=\"hidden\" name=\"choice\" value=\"ama-a\">"), html);
        assertTrue(html.contains("<button type=\"submit\" name=\"action\" value=\"choose\">住民票 &lt;i&gt;の写し&lt;/i&gt;</button>"), html);
        assertTrue(html.contains("value=\"じゅうみんひょう&quot;&gt;&lt;script&gt;\""), "the question is carried escaped: " + html);
        assertFalse(html.contains("<script>"), html);
        assertFalse(html.contains("javascript:alert"), html);
        assertTrue(html.contains("どれでもない（職員に問い合わせる）"), html);
        assertEquals(html.split("<form ", -1).length - 1, html.split(TOKEN, -1).length - 1,
                "every form carries the session's form token: " + html);
    }

    @Test
    void anUnansweredQuestionAsksBeforeOpeningACaseAndTakesAContactFromAnAnonymousPerson() {
        ConciergeAnswer a = new ConciergeAnswer("UNANSWERED", "ja", "申し訳ありません。", List.of(), 0.2, null, null, "",
                List.of(), List.of(), "LOW_CONFIDENCE", true, null);
        String html = AskPage.page(CITY, "ja", "野球の試合結果", null, a, null, true, false, TOKEN);
        assertTrue(html.contains("お答えできませんでした"), html);
        assertFalse(html.contains("受付番号"), "no case without asking: " + html);
        assertTrue(html.contains("name=\"action\" value=\"person\">職員に問い合わせる"), html);

        String form = AskPage.page(CITY, "ja", "野球の試合結果", null, null, null, true, true, TOKEN);
        assertTrue(form.contains("name=\"contactEmail\" type=\"email\""), form);
        assertTrue(form.contains("name=\"contactPhone\" type=\"tel\""), form);
        assertTrue(form.contains("/c/282022/login"), "sign-in offered: " + form);

        String signedIn = AskPage.page(CITY, "ja", "野球の試合結果", null, null, null, false, true, TOKEN);
        assertFalse(signedIn.contains("contactEmail"), signedIn);

        ConciergeAnswer refused = new ConciergeAnswer("UNANSWERED", "ja", "ご質問を文字で入力してください。", List.of(), 0, null,
                null, "", List.of(), List.of(), "NOT_A_QUESTION", false, null);
        assertFalse(AskPage.page(CITY, "ja", "🙂", null, refused, null, true, false, TOKEN).contains("職員に問い合わせる</button>"));
    }

    @Test
    void aHandOverOfAnAnonymousPersonShowsTheFollowLink() {
        ConciergeAnswer a = new ConciergeAnswer("HANDOVER", "ja", "担当の職員におつなぎします。", List.of(), 0.2, UUID.randomUUID(),
                "2026-000124", "", List.of(), List.of(), "LOW_CONFIDENCE", false,
                "http://localhost:9080/c/282022/inquiries/reply/abc");
        String html = AskPage.page(CITY, "ja", "q", null, a, null, true, false, TOKEN);
        assertTrue(html.contains("2026-000124"), html);
        assertTrue(html.contains("<a class=\"follow\" href=\"http://localhost:9080/c/282022/inquiries/reply/abc\">"), html);
    }
}
