package jp.kyodo.agents.programmes;

import java.util.List;
import java.util.Map;

/**
 * Eligibility and amount rule of a programme, written as data in CEL (Common Expression Language).
 * See docs/programme-rules.md for the language.
 *
 * @param incomeBasis  which 控除後世帯高所得 the variable {@code income} is bound to (e.g. "特別児童扶養手当"); nullable
 * @param parameters   dated parameters, by name
 * @param definitions  named intermediate expressions (evaluated in order, usable by later expressions), by name
 * @param conditions   all must hold for eligibility
 * @param amount       monthly amount (nullable for procedures without money)
 */
public record EligibilityRule(String incomeBasis, Map<String, DatedParameter> parameters, Map<String, String> definitions,
                              List<Condition> conditions, AmountRule amount) {

    public EligibilityRule {
        parameters = parameters == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
        definitions = definitions == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(definitions));
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
    }

    /**
     * One eligibility condition.
     *
     * @param id    stable identifier (e.g. "income")
     * @param label Japanese label shown to residents and admins
     * @param when  CEL boolean expression
     */
    public record Condition(String id, String label, String when) { }

    /**
     * Monthly amount in yen: either {@code exact}, or a range {@code min}..{@code max} when the real amount depends on
     * facts the model does not collect.
     */
    public record AmountRule(String exact, String min, String max, String label) {
        public boolean isRange() { return exact == null; }
    }
}
