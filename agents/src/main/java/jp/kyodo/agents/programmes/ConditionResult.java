package jp.kyodo.agents.programmes;

import java.util.List;

/**
 * Result of one eligibility condition.
 *
 * @param id            condition id from the rule data
 * @param label         Japanese label from the rule data
 * @param outcome       matched / not matched / unknown
 * @param missingInputs labels of the inputs that were missing (for UNKNOWN)
 */
public record ConditionResult(String id, String label, Outcome outcome, List<String> missingInputs) {

    public ConditionResult {
        missingInputs = missingInputs == null ? List.of() : List.copyOf(missingInputs);
    }

    /** Outcome of a condition. */
    public enum Outcome { MATCHED, NOT_MATCHED, UNKNOWN }

    public boolean matched() { return outcome == Outcome.MATCHED; }
}
