package jp.kyodo.agents.retrieval.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import jp.kyodo.agents.knowledgebase.SynonymGroup;
import org.junit.jupiter.api.Test;

/** The shared abbreviations and readings ({@code knowledge/glossary/abbreviations.json}) expanded at query time. */
class QueryExpanderTest {
    private final QueryExpander expander = QueryExpander.loadDefault();

    private Set<String> terms(String question) {
        return Set.copyOf(Arrays.asList(expander.expand(question, List.of()).split(" ")));
    }

    @Test
    void anAbbreviationOrItsReadingBringsTheFullForm() {
        assertTrue(terms("国保に入りたい").contains("国民健康保険"), terms("国保に入りたい").toString());
        assertTrue(terms("こくほ はいりたい").contains("国民健康保険"), terms("こくほ はいりたい").toString());
        assertTrue(terms("コクホの手続").contains("国民健康保険"), "katakana reading, same as hiragana");
        assertTrue(terms("後期高齢の保険料").contains("後期高齢者医療"));
        assertTrue(terms("マイナカードなくした").contains("マイナンバーカード"));
        assertTrue(terms("粗大の出し方").contains("粗大ごみ"));
        assertTrue(terms("児手の振込日").contains("児童手当"));
        assertTrue(terms("申込方法").contains("申し込み"), "okurigana variants");
    }

    @Test
    void theFullFormBringsTheAbbreviationTheCityMayHaveWritten() {
        Set<String> t = terms("国民健康保険に加入したい");
        assertTrue(t.contains("国保"), t.toString());
        assertFalse(t.contains("国民健康保険"), "a term already in the question is not added again");
        assertFalse(t.contains("こくほ"), "a reading is for matching the question, never a search term");
    }

    @Test
    void generalAdministrativeTermsReachAPlainKnowledgeBaseFromOtherLanguages() {
        // session 17: topics a plain export writes only in Japanese (islands, moving, what to bring)
        assertTrue(expander.expand("Is the boat running today?", List.of()).contains("フェリー"));
        assertTrue(expander.expand("bus schedule on Sunday", List.of()).contains("時刻表"));
        assertTrue(expander.expand("going back to the mainland", List.of()).contains("本土"));
        assertTrue(expander.expand("I am moving to this town next month", List.of()).contains("転入届"));
        assertTrue(expander.expand("Which documents are needed?", List.of()).contains("必要書類"));
        assertTrue(expander.expand("Tôi cần giấy tờ gì", List.of()).contains("必要なもの"));
    }

    @Test
    void aQuestionInAnotherLanguageNamesTheFirstTermOfEachRule() {
        // session 27: the word the question names, for the word-named-whole rule; companion terms only widen the search
        String named = expander.namedTerms("What are the city hall opening hours?");
        assertTrue(named.startsWith("開庁時間") && !named.contains("窓口"), named);
        assertTrue(expander.expand("What are the city hall opening hours?", List.of()).contains("窓口"));
        assertEquals("", expander.namedTerms("今日の天気"));
    }

    @Test
    void cityHallIsNotAHallToBook() {
        // session 27: "hall" brought 施設予約 to every question that names the city hall
        assertFalse(expander.expand("What time does city hall open?", List.of()).contains("施設予約"));
        assertTrue(expander.expand("Can I rent the community hall on Sunday?", List.of()).contains("施設予約"));
    }

    @Test
    void aLifeSituationReachesTheAdministrativeTerm() {
        // session 18: residents describe their situation; plain city FAQs name the programme
        assertTrue(expander.expand("シングルマザーで使える制度", List.of()).contains("ひとり親"));
        assertTrue(expander.expand("母子家庭になりました", List.of()).contains("児童扶養手当"));
        assertTrue(expander.expand("学用品が買えない", List.of()).contains("就学援助"));
        assertTrue(expander.expand("育児に疲れてしまった", List.of()).contains("子育て相談"));
        assertTrue(expander.expand("入院費が高くて大変", List.of()).contains("高額療養費"));
        assertTrue(expander.expand("収入が減って生活できない", List.of()).contains("生活困窮"));
    }

    @Test
    void doingItOnlineAndPayingByPhoneReachTheWordsCitiesWrite() {
        // session 23: cities write オンライン / インターネット / スマートフォン決済; residents type ネットで, ペイペイ
        assertTrue(expander.expand("転出届ってネットで出せる？", List.of()).contains("オンライン"));
        assertTrue(expander.expand("こくほぜいってペイペイで払える？", List.of()).contains("スマートフォン決済"));
        assertTrue(expander.expand("住民税をPayPayで払いたい", List.of()).contains("キャッシュレス"));
        assertFalse(expander.expand("スマホの格安プラン", List.of()).contains("オンライン"), "a phone is not a procedure");
    }

    @Test
    void movingInAndMovingOutReachTheirNotifications() {
        // session 23: residents say they moved here / are moving away; cities title the notification 転入 / 転出
        assertTrue(expander.expand("島に引っ越してきました", List.of()).contains("転入"));
        assertTrue(expander.expand("先月こっちに越してきた", List.of()).contains("転入"));
        assertTrue(expander.expand("県外に引っ越します", List.of()).contains("転出"));
        assertFalse(expander.expand("引っ越しの段ボールを捨てたい", List.of()).contains("転入"));
    }

    @Test
    void leavingAJobNamesTheEventNotOneOfItsProcedures() {
        // session 23: 退職 / 会社を辞めた reaches 退職 only; before, it also added 会社の健康保険をやめた, which pulled
        // 「会社辞めたら住民税どうなる？」 and 「会社を辞めたら年金はどうなりますか」 to the national health insurance entries
        String e = expander.expand("会社辞めたら住民税どうなる？", List.of());
        assertTrue(e.contains("退職"));
        assertFalse(e.contains("健康保険"), e);
    }


    @Test
    void everydayWordsOfEachDepartmentReachTheTermsCitiesWrite() {
        // session 24: what residents say about money, roads, water, animals, families and the elderly, and what city
        // FAQs title it
        assertTrue(expander.expand("子どもの病院代タダになる？", List.of()).contains("医療費"));
        assertTrue(expander.expand("道に穴あいてる", List.of()).contains("陥没"));
        assertTrue(expander.expand("水漏れしてるかも", List.of()).contains("漏水"));
        assertTrue(expander.expand("いのししが畑あらす", List.of()).contains("鳥獣被害"));
        assertTrue(expander.expand("同じ市の中で住所かわった", List.of()).contains("転居"));
        assertTrue(expander.expand("一人暮らしの父にお弁当を届けてほしい", List.of()).contains("配食サービス"));
        assertTrue(expander.expand("撤去された自転車を取りに行きたい", List.of()).contains("放置自転車"));
        assertTrue(expander.expand("夫から暴力を受けています", List.of()).contains("DV"));
        assertTrue(expander.expand("はんこ登録したい", List.of()).contains("印鑑"));
        // one way only: 児童手当 does not bring 子ども手当 (its 子ども would pull every child entry), a bicycle is not
        // bulky refuse, and leaving a child for the spring intake is not a few hours' care
        assertFalse(expander.expand("児童手当いつ入る", List.of()).contains("子ども手当"));
        assertFalse(expander.expand("駅の自転車置き場の料金は？", List.of()).contains("粗大ごみ"));
        String spring = expander.expand("育休明けから子どもを預けたいです。4月入所の受付はいつですか", List.of());
        assertTrue(spring.contains("保育園"), spring);
        assertFalse(spring.contains("一時預かり"), spring);
        assertTrue(expander.expand("病院に行く間だけ子どもを預けたい", List.of()).contains("一時預かり"));
        // an age is a programme: 75 → 後期高齢者医療, 65 → 介護保険
        assertTrue(expander.expand("もうすぐ75歳になる父の保険はどうなりますか", List.of()).contains("後期高齢者医療"));
        assertTrue(expander.expand("学生で国民年金が払えない", List.of()).contains("学生納付特例"));
        // what a resident calls the thing: 葬式のお金 is 葬祭費, 医療証 is 受給者証, 段ボール is 古紙
        assertTrue(expander.expand("葬式のお金が出るって聞いた", List.of()).contains("葬祭費"));
        assertTrue(expander.expand("こどもの医療証をなくした", List.of()).contains("受給者証"));
        assertTrue(expander.expand("段ボールはいつ出せばいい？", List.of()).contains("古紙"));
        assertTrue(expander.expand("市役所の対応に苦情を言いたい", List.of()).contains("市民の声"));
        assertTrue(expander.expand("75さいになったら保険どうなる", List.of()).contains("後期高齢者医療"));
        assertTrue(expander.expand("じどうてあてふりこみび", List.of()).contains("支給日"));
        assertTrue(expander.expand("家賃の安い市の住宅に住みたい", List.of()).contains("市営住宅"));
        assertTrue(expander.expand("じゅうみんひょう　もちもの", List.of()).contains("必要なもの"));
        assertTrue(expander.expand("遠くに住んでて市役所行けない、住民票送ってほしい", List.of()).contains("郵送"));
        assertTrue(expander.expand("町内でひっこし", List.of()).contains("転居"));
        assertTrue(expander.expand("庭でごみ燃やしていい？", List.of()).contains("野焼き"));
        assertTrue(expander.expand("夜遅くしか時間がないので、役所以外で住民票を手に入れる方法ありますか", List.of())
                .contains("コンビニ"));
        assertFalse(expander.expand("市役所に行かずにネットで申請できる手続きは？", List.of()).contains("コンビニ"),
                "not going to the city hall, online: neither the convenience store nor the post");
        // 作りたい is not 申請: 図書館カード作りたい went to the My Number card application with it (measured, left out)
        assertFalse(expander.expand("図書館カード作りたい", List.of()).contains("申請"));
        // a birth is its 出生届 (session 29) — unless the question asks about the allowance or a later child
        assertTrue(expander.expand("赤ちゃん生まれた 届け", List.of()).contains("出生届"));
        assertTrue(expander.expand("子どもが産まれました", List.of()).contains("出生届"));
        assertFalse(expander.expand("三人目が生まれたら手当は増えますか", List.of()).contains("出生届"));
        assertFalse(expander.expand("こども うまれた。てあて もらえますか", List.of()).contains("出生届"));
        assertFalse(expander.expand("生まれた年で年金はかわる？", List.of()).contains("出生届"));
    }

    @Test
    void aRuleDoesNotApplyWhereItsWordMeansSomethingElse() {
        // session 24: あいてる is open (開庁時間) unless a hole is open; 転出証明書 is what 転出届 gives, unless the
        // resident already has it and is moving in
        assertTrue(expander.expand("市役所って土曜あいてる？", List.of()).contains("開庁時間"));
        assertFalse(expander.expand("道に穴あいてる", List.of()).contains("開庁時間"));
        assertTrue(expander.expand("転出証明書ほしい", List.of()).contains("転出届"));
        String movingIn = expander.expand("引越ししてきたばかり。転出証明書はもらってきた", List.of());
        assertFalse(movingIn.contains("転出届"), movingIn);
        assertTrue(movingIn.contains("転入"), movingIn);
        assertTrue(expander.expand("のうふしょなくした", List.of()).contains("紛失"));
        assertTrue(expander.expand("退職したら健康保険どうすれば", List.of()).contains("国民健康保険 加入"));
    }

    @Test
    void theSameEverydayThingsAskedInOtherLanguagesReachTheJapaneseTerms() {
        // session 24: a wardrobe, a newborn, being ill at night, a pothole, domestic violence
        assertTrue(expander.expand("Tôi muốn vứt cái tủ quần áo cũ", List.of()).contains("粗大ごみ"));
        assertTrue(expander.expand("Con tôi mới sinh, phải đăng ký ở đâu?", List.of()).contains("出生届"));
        assertTrue(expander.expand("Bị ốm vào ban đêm thì làm thế nào?", List.of()).contains("急病診療所"));
        assertTrue(expander.expand("There is a pothole in front of my house", List.of()).contains("陥没"));
        assertTrue(expander.expand("가정폭력 상담은 어디서 하나요", List.of()).contains("DV"));
        assertFalse(expander.expand("Who is the chairperson of the council?", List.of()).contains("粗大ごみ"), "chair is a word of its own");
    }
    @Test
    void aKatakanaWordOfTheGlossaryTypedInHiraganaStillMatches() {
        // session 20: residents type loanwords in hiragana (そふぁ); two-letter words (ごみ, ばす) are left alone
        assertTrue(expander.expand("そふぁすてたい", List.of()).contains("粗大ごみ"));
        assertTrue(expander.expand("せぶんいれぶんで住民票", List.of()).contains("コンビニ"));
        assertFalse(expander.expand("そふとくりーむ", List.of()).contains("粗大ごみ"), "not a word the glossary has");
        assertTrue(expander.expand("ゴミの日", List.of()).contains("ごみ"));
        assertFalse(expander.expand("ほごみまもり", List.of()).contains("ごみ"), "a two-letter word matches as written only");
    }

    @Test
    void aQuestionWithoutAnyMemberGetsNothingFromTheDictionary() {
        assertEquals("", expander.expand("今日の天気は", List.of()));
        assertEquals("", expander.expand("住民票の写しがほしい", List.of()));
    }

    @Test
    void theCitysOwnSynonymsAreAppliedAsBefore() {
        String x = expander.expand("ねこの里親", List.of(new SynonymGroup(List.of("里親", "譲渡"))));
        assertEquals("譲渡", x);
    }

    @Test
    void noneHasNoDictionary() {
        assertEquals("", QueryExpander.none().expand("国保に入りたい", List.of()));
    }
}
