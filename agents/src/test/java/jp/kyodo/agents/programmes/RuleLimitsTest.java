package jp.kyodo.agents.programmes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Issue 10, item 13: a city's CEL rule cannot run without bound (iteration cap, evaluation time limit). */
class RuleLimitsTest {

    private static final EligibilityEngine ENGINE = new EligibilityEngine();
    private static final Household FAMILY = Household.of("h", List.of(Person.parent("p", LocalDate.of(1990, 1, 1)),
            Person.child("c", LocalDate.of(2016, 5, 1))));

    private static Programme programme(String when) {
        return ProgrammeRegistry.parseTemplate("""
                id: 282022-0009
                name: 上限の試験
                eligibility:
                  parameters:
                    perChild: {label: 子1人あたり月額, unit: 円/月, values: {2025-04-01: 5000}}
                  conditions:
                    - {id: c1, label: 条件, when: "%s"}
                  amount: size(children) * p.perChild
                """.formatted(when), "t");
    }

    @Test
    void aComprehensionOverTooManyElementsFails() {
        String big = IntStream.rangeClosed(0, 1500).mapToObj(Integer::toString).collect(Collectors.joining(",", "[", "]"));
        ProgrammeEvaluation e = ENGINE.evaluate(programme(big + ".all(x, x >= 0)"), FAMILY, LocalDate.of(2025, 6, 1));
        assertEquals(EligibilityStatus.ERROR, e.status(), e.toString());
        ProgrammeEvaluation fine = ENGINE.evaluate(programme("[1,2,3].all(x, x >= 0)"), FAMILY, LocalDate.of(2025, 6, 1));
        assertEquals(EligibilityStatus.ELIGIBLE, fine.status(), fine.toString());
    }

    @Test
    void nestedComprehensionsShareOneIterationBudget() {
        String l = IntStream.range(0, 80).mapToObj(Integer::toString).collect(Collectors.joining(",", "[", "]"));
        String nested = l + ".all(a, " + l + ".all(b, " + l + ".all(c, " + l + ".all(d, a + b + c + d >= 0))))";
        long start = System.nanoTime();
        ProgrammeEvaluation e = ENGINE.evaluate(programme(nested), FAMILY, LocalDate.of(2025, 6, 1));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals(EligibilityStatus.ERROR, e.status(), e.toString());
        assertTrue(ms < 5_000, "stopped at the budget, not after 41 million steps: " + ms + " ms");
    }

    /** The deadline is checked while the rule evaluates: with no time at all, nothing finishes. */
    @Test
    void theEvaluationStopsAtItsDeadline() {
        System.setProperty("kyodo.programmes.eval-timeout-ms", "0");
        try {
            ProgrammeEvaluation e = ENGINE.evaluate(programme("[1,2,3].all(x, x >= 0)"), FAMILY, LocalDate.of(2025, 6, 1));
            assertEquals(EligibilityStatus.ERROR, e.status(), e.toString());
            assertTrue(String.valueOf(e.errorMessage()).contains("時間内"), e.toString());
        } finally {
            System.clearProperty("kyodo.programmes.eval-timeout-ms");
        }
        ProgrammeEvaluation fine = ENGINE.evaluate(programme("[1,2,3].all(x, x >= 0)"), FAMILY, LocalDate.of(2025, 6, 1));
        assertEquals(EligibilityStatus.ELIGIBLE, fine.status(), fine.toString());
    }
}
