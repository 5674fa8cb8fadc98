package jp.kyodo.agents.concierge;

import jp.kyodo.agents.retrieval.Calibration;
import jp.kyodo.agents.retrieval.KnowledgeIndex;
import jp.kyodo.agents.retrieval.KnowledgeIndexes;
import jp.kyodo.agents.retrieval.RetrievalSettings;
import jp.kyodo.agents.retrieval.SearchHit;
import jp.kyodo.agents.retrieval.SearchResult;
import jp.kyodo.agents.retrieval.SourceRef;
import jp.kyodo.agents.retrieval.HeldOutSet;
import jp.kyodo.agents.knowledgebase.DemoKnowledge;
import jp.kyodo.agents.knowledgebase.TenantId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import jp.kyodo.agents.concierge.ConciergeReply.Outcome;
import jp.kyodo.agents.concierge.internal.RetrievalConcierge;
import org.junit.jupiter.api.Test;

/** Per-city calibration of the concierge's answer threshold, and the answer / which-of-these / hand-over decision. */
class CalibrationTest {

    private static final ConciergeSettings S = ConciergeSettings.defaults();

    private static double[] probes(double... v) {
        return v;
    }

    @Test
    void thresholdFollowsTheProbesBetweenFloorAndTheDeploymentsThreshold() {
        double[] twenty = new double[20];
        java.util.Arrays.fill(twenty, 0.9);
        assertEquals(S.answerThreshold(), Calibration.NONE.answerThreshold(S), "no data: the deployment's threshold");
        double[] low = new double[20];
        for (int i = 0; i < low.length; i++) {
            low[i] = 0.30 + i * 0.02; // 0.30 … 0.68; q95 = 0.66
        }
        Calibration plain = new Calibration(low, twenty, 1.0, 100);
        assertEquals(0.66 + S.probeMargin(), plain.answerThreshold(S), 1e-9);
        assertEquals(plain.answerThreshold(S) - S.clarifyBand(), plain.clarifyThreshold(S), 1e-9);
        Calibration noisy = new Calibration(probes(0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1,
                0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.95), twenty, 1.0, 100);
        assertEquals(S.calibrationFloor(), noisy.answerThreshold(S), 1e-9, "never below the floor");
        Calibration rich = new Calibration(twenty, twenty, 1.0, 100);
        assertEquals(S.answerThreshold(), rich.answerThreshold(S), 1e-9, "never above the deployment's threshold");
        Calibration confused = new Calibration(low, twenty, 0.5, 100);
        assertEquals(S.answerThreshold(), confused.answerThreshold(S), 1e-9,
                "entries that do not find themselves: no lower threshold");
        Calibration tiny = new Calibration(low, twenty, 1.0, 3);
        assertEquals(S.answerThreshold(), tiny.answerThreshold(S), 1e-9, "too few entries to calibrate");
    }

    @Test
    void aPlainKnowledgeBaseGetsALowerThresholdThanTheDemoOne() {
        KnowledgeIndexes idx = KnowledgeIndexes.inMemory(null, RetrievalSettings.defaults());
        idx.forTenant(DemoKnowledge.AMAGASAKI).replaceAll(DemoKnowledge.load(DemoKnowledge.AMAGASAKI));
        HeldOutSet plain = HeldOutSet.load("shirakaba");
        plain.indexInto(idx);
        Calibration demo = idx.forTenant(DemoKnowledge.AMAGASAKI).calibration();
        Calibration own = idx.forTenant(plain.tenant()).calibration();
        assertTrue(own.queries() >= 2 * plain.entries().size() - 5, own::toString);
        assertTrue(own.selfTop1() >= 0.9, own::toString);
        assertTrue(own.answerThreshold(S) < demo.answerThreshold(S) - 0.02, () -> own + " vs " + demo);
        assertTrue(own.answerThreshold(S) >= S.calibrationFloor());
        // an edit is seen by the next calibration (after the re-calibration interval)
        assertEquals(own, idx.forTenant(plain.tenant()).calibration(), "unchanged index: the same calibration");
    }

    @Test
    void closeCandidatesBelowTheThresholdAreOfferedAsChoices() {
        TenantId t = TenantId.of("calib");
        Calibration cal = new Calibration(new double[] {0.5}, new double[] {0.9}, 1.0, 100); // threshold 0.52
        SearchResult close = result(t, 0.45, Map.of("a", 2.4, "b", 2.2, "c", 0.5));
        RetrievalConcierge.Decision d = RetrievalConcierge.decide(close, cal, S);
        assertEquals(Outcome.CLARIFY, d.outcome());
        assertEquals(List.of("a", "b"), d.choices().stream().map(SourceRef::entryId).toList());
        assertEquals(Outcome.ANSWERED, RetrievalConcierge.decide(result(t, 0.6, Map.of("a", 2.4, "b", 2.2)), cal, S).outcome());
        assertEquals(Outcome.HANDOVER, RetrievalConcierge.decide(result(t, 0.45, Map.of("a", 2.4, "b", 0.8)), cal, S)
                .outcome(), "one clear candidate below the threshold: nothing to choose between");
        assertEquals(Outcome.HANDOVER, RetrievalConcierge.decide(result(t, 0.2, Map.of("a", 2.4, "b", 2.3)), cal, S)
                .outcome(), "below the clarification band");
        ConciergeSettings strict = S.withCalibration(0.8, 0.95, 0.02, 0.5, 0.15, 0.75, 0.9);
        assertEquals(Outcome.CLARIFY, RetrievalConcierge.decide(result(t, 0.9, Map.of("a", 2.4, "b", 2.3)), cal, strict)
                .outcome(), "close-answer ratio: a near tie above the threshold asks too");
    }

    @Test
    void aQuestionThatReadsLikeTheCityIsOfferedItsFirstCandidatesInsteadOfBeingHandedOver() {
        TenantId t = TenantId.of("calib");
        Calibration cal = new Calibration(new double[] {0.5}, new double[] {0.9}, 1.0, 100); // threshold 0.50
        ConciergeSettings gate = S.withChoiceOdds(0.15, 0.40);
        SearchResult clear = result(t, 0.25, Map.of("a", 2.4, "b", 0.8, "c", 0.5)); // one clear candidate, below the band (0.30)
        assertEquals(Outcome.HANDOVER, RetrievalConcierge.decide(clear, cal, gate).outcome(), "odds not known");
        RetrievalConcierge.Decision d = RetrievalConcierge.decide(clear, cal, gate, false, () -> 0.5);
        assertEquals(Outcome.CLARIFY, d.outcome());
        assertEquals(List.of("a", "b", "c"), d.choices().stream().map(SourceRef::entryId).toList());
        assertEquals(Outcome.HANDOVER, RetrievalConcierge.decide(clear, cal, gate, false, () -> -0.3).outcome(),
                "reads like everyday talk");
        assertEquals(Outcome.HANDOVER, RetrievalConcierge.decide(clear, cal, gate.withChoiceOdds(Double.NaN, 0.4), false,
                () -> 0.5).outcome(), "switched off");
        assertEquals(Outcome.HANDOVER, RetrievalConcierge.decide(result(t, 0.05, Map.of("a", 2.4, "b", 0.8)), cal, gate,
                false, () -> 0.5).outcome(), "further below the city's threshold than the band");
        assertEquals(Outcome.HANDOVER, RetrievalConcierge.decide(clear, cal, gate, true, () -> 0.5).outcome(),
                "how to do something the city never writes about");
        assertEquals(Outcome.HANDOVER, RetrievalConcierge.decide(result(t, 0.25, Map.of("a", 2.4)), cal, gate, false,
                () -> 0.5).outcome(), "one candidate is no choice");
    }

    @Test
    void aClearLeadInsideTheBandIsAnsweredWhenTheQuestionReadsLikeTheCity() {
        TenantId t = TenantId.of("calib");
        Calibration cal = new Calibration(new double[] {0.5}, new double[] {0.9}, 1.0, 100); // answer ≥ 0.50, band ≥ 0.30
        assertTrue(S.clearLeadRatio() > 0, "shipped on");
        SearchResult lead = result(t, 0.40, Map.of("a", 2.4, "b", 1.8, "c", 0.5)); // runner-up 0.75 of the first
        assertEquals(Outcome.ANSWERED, RetrievalConcierge.decide(lead, cal, S, false, () -> 0.5).outcome());
        assertEquals(Outcome.CLARIFY, RetrievalConcierge.decide(lead, cal, S, false, () -> S.clearLeadOdds() - 0.01)
                .outcome(), "everyday words: the close candidates are offered, not one answered");
        assertEquals(Outcome.HANDOVER, RetrievalConcierge.decide(result(t, 0.40, Map.of("a", 2.4, "b", 0.8)), cal, S)
                .outcome(), "odds not known: not answered");
        assertEquals(Outcome.CLARIFY, RetrievalConcierge.decide(result(t, 0.40, Map.of("a", 2.4, "b", 2.0, "c", 1.9)), cal,
                S, false, () -> 0.5).outcome(), "a runner-up at 0.83 of the first: no clear lead, choices");
        assertEquals(Outcome.HANDOVER, RetrievalConcierge.decide(lead, cal, S, true, () -> 0.5).outcome(),
                "how to do something the city never writes about");
        assertEquals(Outcome.CLARIFY, RetrievalConcierge.decide(result(t, 0.25, Map.of("a", 2.4, "b", 0.8)), cal, S, false,
                () -> 0.5).outcome(), "below the band: offered as a choice, not answered");
        assertEquals(Outcome.CLARIFY, RetrievalConcierge.decide(lead, cal, S.withClearLead(0, 0.3), false, () -> 0.5)
                .outcome(), "switched off: the close candidates are offered");
        assertEquals(Outcome.ANSWERED, RetrievalConcierge.decide(result(t, 0.40, Map.of("a", 2.4)), cal, S, false,
                () -> 0.5).outcome(), "no runner-up at all");
    }

    @Test
    void aPlainCitysOwnWordsAreToldApartFromEverydayTalk() {
        KnowledgeIndex k = shirakaba();
        for (String own : List.of("こくみんけんこうほけん　やめたい", "いんかんとうろく", "粗大ごみ　出したい")) {
            assertTrue(k.readsLikeTheCity(own) >= S.choiceOdds(), () -> own + " " + k.readsLikeTheCity(own));
        }
        for (String everyday : List.of("今週のドラマの視聴率", "おいしいパン屋さん教えて", "best pizza in town")) {
            assertTrue(k.readsLikeTheCity(everyday) < 0, () -> everyday + " " + k.readsLikeTheCity(everyday));
        }
    }

    @Test
    void aQuestionInAnotherLanguageReadsLikeTheCityThroughTheGlossarysTerms() {
        KnowledgeIndex k = shirakaba();
        String hours = "市役所几点开门？";
        assertTrue(k.readsLikeTheCity(hours) >= S.choiceOdds(), () -> hours + " " + k.readsLikeTheCity(hours));
        String football = "明天的足球比赛几点开始？";
        assertTrue(k.readsLikeTheCity(football) < S.choiceOdds(), () -> football + " " + k.readsLikeTheCity(football));
    }

    @Test
    void aCitysWordsCountOnlyForThatCity() {
        KnowledgeIndexes idx = KnowledgeIndexes.inMemory(null, RetrievalSettings.defaults());
        HeldOutSet shirakaba = HeldOutSet.load("shirakaba");
        HeldOutSet kobato = HeldOutSet.load("kobato");
        shirakaba.indexInto(idx);
        kobato.indexInto(idx);
        String ferry = "フェリーの時刻表";
        double island = idx.forTenant(kobato.tenant()).readsLikeTheCity(ferry);
        double inland = idx.forTenant(shirakaba.tenant()).readsLikeTheCity(ferry);
        assertTrue(island >= S.choiceOdds(), () -> "小鳩島村 writes about its ferry: " + island);
        assertTrue(inland < S.choiceOdds(), () -> "白樺市 never does, whatever the other city holds: " + inland);
    }

    @Test
    void anotherMunicipalityIsToldApartFromTheCitysOwnPlaces() {
        KnowledgeIndex k = shirakaba();
        assertTrue(k.mentionsOtherPlace("大阪市の粗大ごみの出し方"));
        assertTrue(k.mentionsOtherPlace("潮見町役場は何時まで"));
        assertTrue(k.mentionsOtherPlace("東京都の防災アプリ"));
        assertTrue(k.mentionsOtherPlace("京都市の市営住宅"), "a name holding 都 is still a name");
        assertFalse(k.mentionsOtherPlace("市区町村の窓口"));
        assertFalse(k.mentionsOtherPlace("白樺市の粗大ごみの出し方"), "its own name");
        assertFalse(k.mentionsOtherPlace("市役所は何時まで"));
        assertFalse(k.mentionsOtherPlace("同じ市の中でひっこしたら届けいる？"));
        assertFalse(k.mentionsOtherPlace("札幌から越してきた"), "moving from elsewhere is this city's business");
        assertFalse(k.mentionsOtherPlace("各地区の避難所"));
        // names written in hiragana are listed: a hiragana word before 市 or 町 is usually not a name
        assertTrue(k.mentionsOtherPlace("さいたま市のハザードマップ"));
        assertTrue(k.mentionsOtherPlace("南あわじ市役所の場所"));
        assertTrue(k.mentionsOtherPlace("いの町の粗大ごみ"));
        assertFalse(k.mentionsOtherPlace("この町の粗大ごみ"));
        assertTrue(k.mentionsOtherPlace("わたしはつくば市の住民です"));
        assertFalse(k.mentionsOtherPlace("みどりの市民農園"), "みどり is not the name of みどり市 here");
    }

    /** 白樺市's plain knowledge base (a dev held-out city) in an index of its own. */
    private static KnowledgeIndex shirakaba() {
        KnowledgeIndexes idx = KnowledgeIndexes.inMemory(null, RetrievalSettings.defaults());
        HeldOutSet plain = HeldOutSet.load("shirakaba");
        plain.indexInto(idx);
        return idx.forTenant(plain.tenant());
    }

    private static SearchResult result(TenantId t, double confidence, Map<String, Double> scores) {
        List<SearchHit> hits = scores.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .map(e -> new SearchHit(e.getKey(), SearchHit.Kind.FAQ, "q " + e.getKey(), "a", "", "", "", e.getValue(),
                        Map.of())).toList();
        return new SearchResult(t, "q", "ja", hits, confidence, 0);
    }
}
