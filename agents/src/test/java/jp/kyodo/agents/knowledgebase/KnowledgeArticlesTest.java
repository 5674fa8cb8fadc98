package jp.kyodo.agents.knowledgebase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class KnowledgeArticlesTest {

    @Test
    void searchWordsAreSplitOnAnySpaceAndNormalisedAsTheText() {
        assertEquals(List.of("住民票", "こんびに"), KnowledgeArticles.words(" 住民票\u3000ｺﾝﾋﾞﾆ "));
        assertEquals(List.of("ごみ", "ひ"), KnowledgeArticles.words("ゴミ、ヒ"));
        assertEquals(List.of("abc"), KnowledgeArticles.words("ＡＢＣ"));
        assertTrue(KnowledgeArticles.words("  \u3000 ").isEmpty());
        assertTrue(KnowledgeArticles.words(null).isEmpty());
        String text = KnowledgeArticles.normalize("コンビニで住民票や証明書を取得できますか");
        assertTrue(KnowledgeArticles.words("住民票 コンビニ").stream().allMatch(text::contains));
    }
}
