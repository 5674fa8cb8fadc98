package jp.kyodo.agents.retrieval.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import jp.kyodo.agents.knowledgebase.CityKnowledge;
import jp.kyodo.agents.knowledgebase.TenantId;
import jp.kyodo.agents.retrieval.KnowledgeIndex;
import jp.kyodo.agents.retrieval.KnowledgeIndexes;
import jp.kyodo.agents.retrieval.RetrievalSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import static jp.kyodo.agents.retrieval.internal.PlainEntries.entry;

/**
 * Session 17's refusal cues on a small island village (not an evaluation city): a neighbouring municipality its
 * answers name, asked about as the owner of a service, and "how to" questions about a private activity.
 */
class RefusalCuesTest {
    private static final TenantId T = TenantId.of("999996");
    private KnowledgeIndexes idx;
    private KnowledgeIndex k;
    private boolean neighbourBefore, howToBefore;


    @BeforeEach
    void index() {
        neighbourBefore = TenantKnowledgeIndex.NEIGHBOUR_PLACES;
        howToBefore = TenantKnowledgeIndex.PRIVATE_HOW_TO;
        idx = KnowledgeIndexes.inMemory(null, RetrievalSettings.defaults());
        k = idx.forTenant(T);
        k.replaceAll(new CityKnowledge(T, "青凪島村", List.of(
                entry("renraku", "本土連絡所でできること", "西浜市の港ターミナル2階の本土連絡所で、住民票の交付と届出の受付をしています。"),
                entry("hoiku", "保育所の入所申込み", "村立保育所は0歳から入所できます。役場の福祉課に申し込んでください。"),
                entry("tennyu", "転入届の期限", "住み始めてから14日以内に役場へ届け出てください。"),
                entry("gomi", "ごみの分別と収集日", "可燃ごみは月曜と木曜の朝8時までに集積所へ出してください。"),
                entry("juminhyo", "住民票の写しの交付", "役場の窓口で交付します。本人確認書類をお持ちください。"),
                entry("inu", "犬の登録と狂犬病予防注射", "犬を飼い始めたら30日以内に登録してください。"),
                entry("shinsei", "各種申請書の様式", "申請書は役場の窓口とホームページにあります。")), List.of(), List.of()));
    }

    @AfterEach
    void close() {
        TenantKnowledgeIndex.NEIGHBOUR_PLACES = neighbourBefore;
        TenantKnowledgeIndex.PRIVATE_HOW_TO = howToBefore;
        idx.close();
    }

    private boolean other(String q) {
        return k.mentionsOtherPlace(q, k.search(q));
    }

    @Test
    void aNeighbourNamedInTheAnswersIsAnotherMunicipalityWhenItOwnsWhatIsAsked() {
        TenantKnowledgeIndex.NEIGHBOUR_PLACES = false;
        assertFalse(other("西浜市の保育園に入りたい"), "before: a place the city's texts name is never another municipality");
        TenantKnowledgeIndex.NEIGHBOUR_PLACES = true;
        assertTrue(other("西浜市の保育園に入りたい"));
        assertTrue(other("西浜市のごみの収集日"));
        assertFalse(other("西浜市の本土連絡所で住民票とれる？"), "the village's own entry names the neighbour");
        assertFalse(other("西浜市から引っ越してきた"), "moving from the neighbour is the village's business");
        assertFalse(other("青凪島村の保育所に入りたい"), "the city's own name");
        assertTrue(other("大阪市の保育園"), "a place the city never names, as before");
    }

    @Test
    void howToDoWhatTheCityNeverWritesAboutIsAPrivateActivity() {
        TenantKnowledgeIndex.PRIVATE_HOW_TO = false;
        assertFalse(k.asksHowToDoSomethingElse("ギターの弾き方"), "off: no cue");
        TenantKnowledgeIndex.PRIVATE_HOW_TO = true;
        assertTrue(k.asksHowToDoSomethingElse("ギターの弾き方"));
        assertTrue(k.asksHowToDoSomethingElse("犬のしつけ方"), "a word of the city (犬) with a verb it never uses");
        assertTrue(k.asksHowToDoSomethingElse("魚のさばき方を知りたい"));
        assertFalse(k.asksHowToDoSomethingElse("ごみの出し方"));
        assertFalse(k.asksHowToDoSomethingElse("住民票の取り方"), "an administrative verb the city words otherwise");
        assertFalse(k.asksHowToDoSomethingElse("申請の仕方"));
        assertFalse(k.asksHowToDoSomethingElse("申請書の書き方"));
        assertFalse(k.asksHowToDoSomethingElse("役場への行き方"));
        assertFalse(k.asksHowToDoSomethingElse("犬の登録のしかた"));
        assertFalse(k.asksHowToDoSomethingElse("How do I play the guitar"), "Japanese questions only");
    }
}
