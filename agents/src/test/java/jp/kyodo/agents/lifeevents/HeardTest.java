package jp.kyodo.agents.lifeevents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A person's words find the life event: in the six languages of the pages, and nothing in words about something else. */
class HeardTest {

    private final BundleCatalogue catalogue = new BundleCatalogue();

    private List<String> heard(String words) {
        return catalogue.heard(words).stream().map(BundleDefinition::id).toList();
    }

    @Test
    void aBirthAMoveAndADeathAreHeardInEachLanguage() {
        Map<String, List<String>> said = Map.of(
                "birth", List.of("子どもが生まれました", "先週、娘が産まれた", "あかちゃんが うまれました", "出産しました",
                        "Our baby was born last week", "我生了孩子", "아기가 태어났어요", "Tôi vừa sinh con"),
                "moving-in", List.of("尼崎市に引っ越してきました", "転入の手続きは？", "ひっこしを しました", "We moved here from Osaka",
                        "我们搬家到这里了", "이사 왔어요", "Tôi mới chuyển đến thành phố"),
                "death", List.of("父が亡くなりました", "母が他界しました", "My father died", "My mother passed away",
                        "我父亲去世了", "아버지가 돌아가셨어요", "Bố tôi qua đời"));
        said.forEach((bundle, phrases) -> phrases.forEach(p -> assertEquals(List.of(bundle), heard(p), p)));
    }

    @Test
    void theSameWordInAnotherWritingIsHeard() {
        assertEquals(List.of("birth"), heard("アカチャンガ　ウマレマシタ")); // katakana, a full-width space
        assertEquals(List.of("birth"), heard("A ＢＡＢＹ"));               // full-width letters
        assertEquals(List.of("moving-in"), heard("ﾋｯｺｼ"));               // half-width kana
    }

    @Test
    void twoEventsInOneSentenceAreBothHeardInTheCataloguesOrder() {
        assertEquals(List.of("birth", "death"), heard("祖父が亡くなり、同じ月に子どもが生まれました"));
    }

    @Test
    void wordsAboutSomethingElseFindNothing() {
        for (String p : List.of("", "   ", "財布がなくなりました", "誕生日おめでとう", "my birthday", "粗大ごみの出し方",
                "住民票がほしい", "🎉🎉", "市役所は何時まで開いていますか")) {
            assertTrue(heard(p).isEmpty(), p + " → " + heard(p));
        }
        assertTrue(catalogue.heard(null).isEmpty());
    }

    @Test
    void onlyTheFirstCharactersOfALongTextAreLookedAt() {
        String padding = "あ".repeat(BundleCatalogue.MAX_SAID);
        assertEquals(List.of("birth"), heard("子どもが生まれました" + padding));
        assertTrue(heard(padding + "子どもが生まれました").isEmpty());
    }

    @Test
    void aBundleWithoutWordsIsRefused() {
        List<String> p = BundleDefinitionsTest.problems(BundleDefinitionsTest.VALID.replace("said: [てすと]\n", ""));
        assertTrue(p.stream().anyMatch(s -> s.startsWith("said:")), p::toString);
        p = BundleDefinitionsTest.problems(BundleDefinitionsTest.VALID.replace("said: [てすと]", "said: [\"  \"]"));
        assertTrue(p.stream().anyMatch(s -> s.startsWith("said[0]")), p::toString);
    }
}
