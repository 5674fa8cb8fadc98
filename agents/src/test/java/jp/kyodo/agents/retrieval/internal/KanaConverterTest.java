package jp.kyodo.agents.retrieval.internal;

import jp.kyodo.agents.retrieval.OutOfScopeCues;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KanaConverterTest {
    private final JapaneseAnalysis analysis = new JapaneseAnalysis();

    private KanaConverter of(String... texts) {
        return KanaConverter.of(java.util.Arrays.stream(texts).map(analysis::words).toList());
    }

    @Test
    void compoundsOfAdjacentWordsCarryTheirJoinedReading() {
        List<JapaneseAnalysis.Word> words = analysis.words("住民票の写し");
        assertEquals(true, words.contains(new JapaneseAnalysis.Word("住民票", "ジュウミンヒョウ"))
                || words.contains(new JapaneseAnalysis.Word("住民", "ジュウミン")), words.toString());
        assertEquals(true, analysis.words("転入届を出す").stream()
                .anyMatch(w -> w.surface().equals("転入届") && w.reading().equals("テンニュウトドケ")),
                analysis.words("転入届を出す").toString());
    }

    @Test
    void aCompoundIsAlsoFoundUnderItsVoicedReading() {
        // session 24: kuromoji reads 避難所 ヒナン + ショ; residents type ひなんじょ (rendaku), which matched 避難 only
        KanaConverter k = of("指定避難所の一覧はこちら", "診療所の受付時間");
        assertEquals("避難所どこ", k.convert("ひなんじょどこ"));
        assertEquals("診療所なんじから", k.convert("しんりょうじょなんじから"));
        assertEquals("避難所どこ", k.convert("ひなんしょどこ"), "the dictionary's reading still matches");
        assertEquals(true, KanaConverter.compoundReadings(analysis.words("避難所").stream()
                .filter(w -> w.surface().equals("避難所")).findFirst().orElseThrow()).contains("ヒナンジョ"));
    }

    @Test
    void kanaRunsTakeTheWrittenFormOfTheTenantsTexts() {
        KanaConverter k = of("住民票の写しを取得したい", "転入届は14日以内に出してください", "コンビニで証明書を取得");
        assertEquals("住民票がほしいです", k.convert("じゅうみんひょうがほしいです"));
        assertEquals("転入届はいつまで?", k.convert("てんにゅうとどけはいつまで?"));
        assertEquals("コンビニで証明書とれますか", k.convert("こんびにで証明書とれますか"));
    }

    @Test
    void aKatakanaWordTheDictionaryDoesNotKnowIsReadAsWritten() {
        // kuromoji gives マイナンバーカード no reading; residents type it in hiragana
        KanaConverter k = of("マイナンバーカードを作りたい", "ペイペイで納付できます");
        assertEquals("マイナンバーカード作りたい", k.convert("まいなんばーかーど作りたい"));
        assertEquals(true, analysis.kuromojiTerms(k.convert("まいなんばーかーどつくりたい")).contains("カード"),
                analysis.kuromojiTerms(k.convert("まいなんばーかーどつくりたい")).toString());
        assertEquals("ペイペイで払える?", k.convert("ぺいぺいで払える?"));
        assertEquals(false, JapaneseAnalysis.isKatakana("ー"), "the long-vowel mark alone is no word");
    }

    @Test
    void aReadingTheCityWritesInSeveralWaysTakesTheFormThatGoesWithTheQuestionsOtherWords() {
        // チュウシャ: 駐車 (three texts) and 注射 (one, next to 狂犬病)
        KanaConverter k = of("市役所の駐車場は無料です", "駐車場は午後8時まで", "駐車違反について",
                "犬を飼い始めたら狂犬病の予防注射を受けてください");
        assertEquals("狂犬病の注射", k.convert("きょうけんびょうのちゅうしゃ"));
        assertEquals("狂犬病の注射", k.convert("狂犬病のちゅうしゃ"));
        assertEquals("市役所の駐車", k.convert("市役所のちゅうしゃ"));
        assertEquals("駐車はどこ", k.convert("ちゅうしゃはどこ"), "no other word: the most frequent form");
    }

    @Test
    void readingsTheDictionaryDoesNotKnowAreComposedFromTheCharacters() {
        // kuromoji reads 出生 シュッショウ only; residents type しゅっせい
        assertEquals(true, KanaConverter.composedReadings("出生").contains("シュッセイ"),
                KanaConverter.composedReadings("出生").toString());
        assertEquals(true, KanaConverter.composedReadings("出生届").isEmpty(), "two kanji at most");
        KanaConverter k = of("出生届は14日以内に出してください", "住民票の写しを取得したい");
        assertEquals("出生届はどこに出す?", k.convert("しゅっせいとどけはどこに出す?"));
        assertEquals("出生届", k.convert("しゅっしょうとどけ"), "the dictionary reading still works");
        // a dictionary reading wins over a composed one at the same place, and short composed readings are unused
        assertEquals("住民票がほしい", k.convert("じゅうみんひょうがほしい"));
        assertEquals("いぬのとうろく", k.convert("いぬのとうろく"));
    }

    @Test
    void aWordOfTheGlossaryTypedInKanaTakesTheCitysOwnSpelling() {
        List<List<JapaneseAnalysis.Word>> texts = java.util.stream.Stream.of("保育所の入所申込は前月の10日までです。",
                "高額療養費の支給申請").map(analysis::words).toList();
        var groups = List.of(new jp.kyodo.agents.knowledgebase.SynonymGroup(List.of("保育園", "保育所")),
                new jp.kyodo.agents.knowledgebase.SynonymGroup(List.of("高額療養費", "高額医療費")),
                new jp.kyodo.agents.knowledgebase.SynonymGroup(List.of("火葬場", "斎場")));
        Map<String, String> other = KanaConverter.otherReadings(texts, groups, analysis);
        assertEquals(Map.of("ホイクエン", "保育所", "コウガクイリョウヒ", "高額療養費"), other,
                "only groups with a word the city writes; that word for the others' readings");
        KanaConverter k = KanaConverter.of(texts, other);
        assertEquals(true, k.convert("ほいくえんもうしこみ").startsWith("保育所"), k.convert("ほいくえんもうしこみ"));
        assertEquals(true, k.convert("こうがくいりょうひ").contains("高額療養費"), k.convert("こうがくいりょうひ"));
        assertEquals(false, KanaConverter.of(texts).convert("ほいくえんもうしこみ").contains("保育所"),
                "without the glossary's readings");
    }

    @Test
    void unknownAndShortReadingsStayAsTyped() {
        KanaConverter k = of("住民票の写しを取得したい");
        assertEquals("いぬのとうろく", k.convert("いぬのとうろく"));
        assertEquals("ほしい", k.convert("ほしい"));
        assertEquals("abc 住民票", k.convert("abc 住民票"));
        assertEquals("じゅうみんひょう", KanaConverter.EMPTY.convert("じゅうみんひょう"));
    }

    @Test
    void contentTextKeepsTopicWordsOnly() {
        assertEquals("転入届", analysis.contentText("転入届はいつまで?"));
        assertEquals("住民票", analysis.contentText("住民票がほしいです"));
        assertEquals("パスポート 申請", analysis.contentText("ﾊﾟｽﾎﾟｰﾄの申請"));
        assertEquals("どこ?", analysis.contentText("どこ?"), "nothing left: the text itself");
    }

    @Test
    void outOfScopeCueCountsOnlyWhenTheHitLacksIt() {
        OutOfScopeCues cues = OutOfScopeCues.defaults();
        assertEquals(1.0, cues.feature("洗濯機のおすすめは", "家電リサイクル法の対象品目の捨て方"));
        assertEquals(0.0, cues.feature("おすすめの図書は", "今月のおすすめの図書を紹介します"));
        assertEquals(0.0, cues.feature("住民票を取りたい", "住民票の写しの請求"));
        assertEquals(1.0, cues.feature("what's a good restaurant near the station", "city hall hours"));
        assertEquals(0.0, cues.feature("cookies for the school bazaar", "x"), "English cues match whole words only");
    }

    @Test
    void theEndingOfAKanjiWordIsNotRewrittenIntoTheCitysWords() {
        // session 23: 「燃やしていい」 was rewritten 燃や指定い, 「しかない」 し課内, 「させたい」 さ世帯, 「使わなくなった」 使わ亡くなった
        KanaConverter k = of("ごみ収集日の指定について", "課内の担当者が対応します", "世帯全員の住民票", "家族が亡くなったとき",
                "水道の使い始めの手続き", "納期を忘れてしまった", "市営住宅に入りたい方へ");
        assertEquals("庭でごみ燃やしていい?", k.convert("庭でごみ燃やしていい?"));
        assertEquals("免許証しかないけど", k.convert("免許証しかないけど"));
        assertEquals("子どもを留学させたい", k.convert("子どもを留学させたい"));
        assertEquals("使わなくなったパソコン", k.convert("使わなくなったパソコン"));
        // a word after a noun without a particle, and after a particle, is still the city's word
        assertEquals("水道使い始め", k.convert("水道つかいはじめ"));
        assertEquals("手続き忘れてた", k.convert("手続きわすれてた"));
        assertEquals("家族が亡くなった", k.convert("家族がなくなった"));
        // polite endings are grammar wherever they stand: 「いいでしょうか」 was いいで証か (ショウ: 証 of 証明書)
        KanaConverter c = of("住民票の写しの証明書");
        assertEquals("いいでしょうか", c.convert("いいでしょうか"));
        assertEquals("住民票の写しでいいでしょうか", c.convert("じゅうみんひょうの写しでいいでしょうか"));
    }

    @Test
    void theSpokenFormsOfTeIruAndTeShimauAreGrammarNotSearchTerms() {
        // session 23: 「水漏れしてるかも」 searched for てる, which no city writes, so the question read as half uncovered
        assertEquals(List.of("水", "漏れ"), analysis.kuromojiTerms("水漏れしてるかも"));
        assertEquals(List.of("街灯", "切れる"), analysis.kuromojiTerms("街灯が切れてる"));
        assertEquals(List.of("書類", "忘れる"), analysis.kuromojiTerms("書類を忘れちゃった"));
    }
}
