package jp.kyodo.agents.programmes.internal;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.cel.runtime.CelRuntime;
import jp.kyodo.agents.programmes.EligibilityRule;

/** A rule whose expressions have been compiled to CEL programs. Thread-safe. */
public final class CompiledRule {

    /** One compiled expression with the top-level names it references. */
    record Expr(String path, String source, CelRuntime.Program program, Set<String> references) { }

    /** A compiled condition. */
    record Condition(EligibilityRule.Condition source, Expr expr) { }

    final EligibilityRule rule;
    final List<Map.Entry<String, Expr>> definitions;
    final List<Condition> conditions;
    final Expr exact;
    final Expr min;
    final Expr max;
    private final Map<LocalDate, Object> parametersByDate = new ConcurrentHashMap<>();

    CompiledRule(EligibilityRule rule, List<Map.Entry<String, Expr>> definitions, List<Condition> conditions,
                 Expr exact, Expr min, Expr max) {
        this.rule = rule;
        this.definitions = definitions;
        this.conditions = conditions;
        this.exact = exact;
        this.min = min;
        this.max = max;
    }

    public EligibilityRule rule() { return rule; }

    /** Resolved parameters ({@code p}) for a date, or a String error message; cached. */
    Object parametersAt(LocalDate date) {
        Object cached = parametersByDate.get(date);
        if (cached != null) {
            return cached;
        }
        Object resolved = ParameterValues.resolve(rule.parameters(), date);
        if (parametersByDate.size() > 256) {
            parametersByDate.clear();
        }
        parametersByDate.put(date, resolved);
        return resolved;
    }
}
