package jp.kyodo.portal.pages;

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
    private static final City CITY = new City(UUID.randomUUID(), "282022", "尼崎市", "あまがさきし", "兵庫県",
            CityStatus.ACTIVE, null);

    private static ConciergeAnswer handover(List<ConciergeSource> suggestions) {
        return new ConciergeAnswer("HANDOVER", "ja", "担当の職員におつなぎします。", List.of(), 0.4, UUID.randomUUID(),
                "2026-000123", "", suggestions);
    }

    @Test
    void anUnsureHandOverListsTheSuggestedEntriesEscaped() {
        String html = AskPage.page(CITY, "ja", "保険証はいつまで使える", null, handover(List.of(
                new ConciergeSource("ama-a", "マイナ保険証 <b>について</b>", "https://www.city.example.jp/a?x=1&y=2"),
                new ConciergeSource("ama-b", "国保の加入", "javascript:alert(1)"))), null);
        assertTrue(html.contains("2026-000123"), "the hand-over still happens");
        assertTrue(html.contains("<h3 id=\"suggestions-heading\">こちらの情報が役に立つかもしれません</h3>"), html);
        assertTrue(html.contains("<ul class=\"suggestions\" aria-labelledby=\"suggestions-heading\">"), html);
        assertTrue(html.contains("<a href=\"https://www.city.example.jp/a?x=1&amp;y=2\">マイナ保険証 &lt;b&gt;について&lt;/b&gt;</a>"), html);
        assertTrue(html.contains("<li>国保の加入</li>"), "a non-http link is shown as text: " + html);
        assertFalse(html.contains("javascript:alert"), html);

        String en = AskPage.page(CITY, "en", "q", null, handover(List.of(new ConciergeSource("ama-a", "t", "https://x.example/"))), null);
        assertTrue(en.contains("This information may help"), en);
    }

    @Test
    void noListWithoutSuggestions() {
        String html = AskPage.page(CITY, "ja", "人と話したい", null, handover(List.of()), null);
        assertTrue(html.contains("2026-000123"));
        assertFalse(html.contains("suggestions-heading"), html);
    }
}
