package jp.kyodo.agents.retrieval.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A Japanese question's expansion (an abbreviation's full form) stands for one of its words, not for the whole
 * question: an entry that covers the expansion but not the rest of the question is covered less than one that covers
 * both (session 14; with the former measure both read as 90 %).
 */
class ConfidenceCoverageTest {
    private static final Map<String, Double> IDF = Map.of("国保", 2.0, "脱退", 2.0, "国民", 1.0, "健康", 1.0, "保険", 1.0,
            "加入", 2.0);

    @Test
    void anExpansionCountsTogetherWithTheQuestionsOtherWords() {
        Confidence.Terms t = new Confidence.Terms(List.of("国保", "脱退"), List.of("国民", "健康", "保険"), IDF,
                List.of("国民", "健康", "保険"), List.of("国保"));
        double join = Confidence.coverage(t, Set.of("国民", "健康", "保険", "加入"));
        double leave = Confidence.coverage(t, Set.of("国民", "健康", "保険", "脱退"));
        assertTrue(leave > join + 0.1, leave + " vs " + join);
        assertEquals(0.9, leave, 1e-9); // 国保 stands for 国民健康保険: all the question's words are covered
        assertEquals(0.9 * 3 / 5, join, 1e-9);
    }

    @Test
    void otherExpansionsAreMeasuredAlone() {
        Confidence.Terms t = new Confidence.Terms(List.of("national", "insurance"), List.of("国民", "健康", "保険"), IDF);
        assertEquals(0.9, Confidence.coverage(t, Set.of("国民", "健康", "保険", "加入")), 1e-9);
    }
}
