package jp.kyodo.agents.programmes.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.cel.runtime.CelEvaluationException;
import jp.kyodo.agents.programmes.ConditionResult;
import jp.kyodo.agents.programmes.EligibilityStatus;
import jp.kyodo.agents.programmes.MonthlyAmount;
import jp.kyodo.agents.programmes.Programme;
import jp.kyodo.agents.programmes.ProgrammeEvaluation;

/** Evaluates one compiled rule for one household. Never throws for a household: failures become status ERROR. */
public final class RuleEvaluator {

    private static final Pattern MISSING_KEY = Pattern.compile("key '([A-Za-z_][A-Za-z0-9_]*)' is not present in map");

    private RuleEvaluator() { }

    /** Missing facts about one or more persons. */
    private static final class MissingFacts extends Exception {
        final Set<String> labels;

        MissingFacts(Set<String> labels) {
            super(null, null, false, false);
            this.labels = labels;
        }
    }

    /** A rule failure (broken rule, wrong type, index out of range …). */
    private static final class RuleFailure extends Exception {
        RuleFailure(String message) { super(message, null, false, false); }
    }

    /**
     * Evaluates one programme's rule for a household within the time limit ({@code kyodo.programmes.eval-timeout-ms},
     * 2,000 ms by default): every step of the CEL evaluation checks the deadline (an evaluation listener), so a rule that
     * takes longer (nested comprehensions over large lists, written by mistake or on purpose) stops and is an ERROR for
     * this programme only; the request goes on. Each comprehension is capped too ({@link CelEnvironment#MAX_ITERATIONS}).
     */
    public static ProgrammeEvaluation evaluate(Programme programme, CompiledRule rule, HouseholdFacts facts) {
        DEADLINE.set(System.nanoTime() + timeoutMillis() * 1_000_000L);
        try {
            return doEvaluate(programme, rule, facts);
        } catch (RuntimeException | StackOverflowError e) { // defensive: a rule must never break the caller
            return result(programme, facts, EligibilityStatus.ERROR, null, List.of(), List.of(),
                    "規則の評価中に予期しないエラー: " + e);
        } finally {
            DEADLINE.remove();
        }
    }

    /** The end of the current evaluation's time (nanoTime). */
    private static final ThreadLocal<Long> DEADLINE = new ThreadLocal<>();

    /** Thrown from the evaluation listener when the time is up. */
    static final class TooSlow extends RuntimeException {
        TooSlow() {
            super("evaluation time limit", null, false, false);
        }
    }

    private static final dev.cel.runtime.CelEvaluationListener CHECK_DEADLINE = (expr, value) -> {
        Long deadline = DEADLINE.get();
        if (deadline != null && System.nanoTime() > deadline) {
            throw new TooSlow();
        }
    };

    static long timeoutMillis() {
        try {
            return org.eclipse.microprofile.config.ConfigProvider.getConfig()
                    .getOptionalValue("kyodo.programmes.eval-timeout-ms", Long.class).orElse(2_000L);
        } catch (RuntimeException | LinkageError noConfig) {
            return Long.getLong("kyodo.programmes.eval-timeout-ms", 2_000L); // outside the server (unit tests)
        }
    }

    /** Evaluation for an entry that is not valid on the date, or outside its area. */
    static ProgrammeEvaluation result(Programme p, HouseholdFacts f, EligibilityStatus status, MonthlyAmount amount,
                                      List<ConditionResult> conditions, List<String> missing, String error) {
        return new ProgrammeEvaluation(p.id(), p.name(), f.asOf(), status, amount, conditions, missing, error,
                p.deadline(), p.channels(), p.requiredDocuments());
    }

    private static ProgrammeEvaluation doEvaluate(Programme programme, CompiledRule rule, HouseholdFacts facts) {
        List<ConditionResult> results = new ArrayList<>();
        Set<String> missingAll = new LinkedHashSet<>();
        // 有効期間
        if (!programme.validOn(facts.asOf())) {
            results.add(new ConditionResult("validity", "制度の有効期間内（" + range(programme) + "）",
                    ConditionResult.Outcome.NOT_MATCHED, List.of()));
            return result(programme, facts, EligibilityStatus.NOT_ELIGIBLE, MonthlyAmount.ZERO, results, List.of(), null);
        }
        // 地域
        Programme.Area area = programme.area();
        if (!area.isNationwide()) {
            String label = "対象地域に住んでいる（" + AreaLabels.describe(area) + "）";
            String pref = facts.household().prefectureCode();
            String muni = facts.household().municipalityCode();
            if (pref == null && muni == null) {
                results.add(new ConditionResult("area", label, ConditionResult.Outcome.UNKNOWN, List.of("居住都道府県・市区町村")));
                missingAll.add("居住都道府県・市区町村");
            } else if (area.covers(pref, muni)) {
                results.add(new ConditionResult("area", label, ConditionResult.Outcome.MATCHED, List.of()));
            } else {
                results.add(new ConditionResult("area", label, ConditionResult.Outcome.NOT_MATCHED, List.of()));
            }
        }
        if (rule == null) {
            EligibilityStatus s = status(results);
            return result(programme, facts, s, null, results, List.copyOf(missingAll), null);
        }
        Map<String, Object> vars = new HashMap<>(facts.variables());
        Map<String, Set<String>> unknownNames = new HashMap<>();
        for (String name : new String[] {"prefecture", "municipality"}) {
            if (!vars.containsKey(name)) {
                unknownNames.put(name, Set.of(CelEnvironment.INPUT_LABELS.get(name)));
            }
        }
        String basis = rule.rule().incomeBasis();
        if (basis != null) {
            Long income = facts.household().incomesAfterDeductions().get(basis);
            if (income == null) {
                unknownNames.put("income", Set.of("控除後の世帯高所得（" + basis + "）"));
            } else {
                vars.put("income", income);
            }
        }
        Object params = rule.parametersAt(facts.asOf());
        if (params instanceof String error) {
            return result(programme, facts, EligibilityStatus.ERROR, null, results, List.of(), error);
        }
        vars.put("p", params);
        try {
            for (Map.Entry<String, CompiledRule.Expr> d : rule.definitions) {
                Set<String> missing = missingFor(d.getValue(), unknownNames);
                if (!missing.isEmpty()) {
                    unknownNames.put(d.getKey(), missing);
                    continue;
                }
                try {
                    vars.put(d.getKey(), eval(d.getValue(), vars));
                } catch (MissingFacts m) {
                    unknownNames.put(d.getKey(), m.labels);
                }
            }
            for (CompiledRule.Condition c : rule.conditions) {
                Set<String> missing = missingFor(c.expr(), unknownNames);
                ConditionResult.Outcome outcome;
                if (missing.isEmpty()) {
                    try {
                        Object v = eval(c.expr(), vars);
                        if (!(v instanceof Boolean b)) {
                            throw new RuleFailure(c.expr().path() + ": 条件式の結果が true/false ではありません: " + v);
                        }
                        outcome = b ? ConditionResult.Outcome.MATCHED : ConditionResult.Outcome.NOT_MATCHED;
                    } catch (MissingFacts m) {
                        missing = m.labels;
                        outcome = ConditionResult.Outcome.UNKNOWN;
                    }
                } else {
                    outcome = ConditionResult.Outcome.UNKNOWN;
                }
                missingAll.addAll(missing);
                results.add(new ConditionResult(c.source().id(), c.source().label(), outcome, List.copyOf(missing)));
            }
            EligibilityStatus s = status(results);
            if (s != EligibilityStatus.ELIGIBLE) {
                return result(programme, facts, s, s == EligibilityStatus.NOT_ELIGIBLE ? MonthlyAmount.ZERO : null,
                        results, s == EligibilityStatus.UNKNOWN ? List.copyOf(missingAll) : List.of(), null);
            }
            if (rule.exact == null && rule.max == null) {
                return result(programme, facts, EligibilityStatus.ELIGIBLE, null, results, List.of(), null);
            }
            MonthlyAmount amount;
            try {
                if (rule.exact != null) {
                    amount = MonthlyAmount.exact(amountOf(rule.exact, vars, unknownNames));
                } else {
                    long lo = amountOf(rule.min, vars, unknownNames);
                    long hi = amountOf(rule.max, vars, unknownNames);
                    if (lo > hi) {
                        throw new RuleFailure("amount.min (" + lo + ") が amount.max (" + hi + ") より大きくなりました");
                    }
                    amount = new MonthlyAmount(lo, hi);
                }
            } catch (MissingFacts m) {
                return result(programme, facts, EligibilityStatus.UNKNOWN, null, results, List.copyOf(m.labels), null);
            }
            if (amount.max() <= 0) {
                results.add(new ConditionResult("amount", "支給額が0円を超える", ConditionResult.Outcome.NOT_MATCHED, List.of()));
                return result(programme, facts, EligibilityStatus.NOT_ELIGIBLE, MonthlyAmount.ZERO, results, List.of(), null);
            }
            return result(programme, facts, EligibilityStatus.ELIGIBLE, amount, results, List.of(), null);
        } catch (RuleFailure f) {
            return result(programme, facts, EligibilityStatus.ERROR, null, results, List.of(),
                    "制度 " + programme.id() + " の規則を評価できませんでした: " + f.getMessage());
        }
    }

    private static EligibilityStatus status(List<ConditionResult> results) {
        boolean unknown = false;
        for (ConditionResult r : results) {
            if (r.outcome() == ConditionResult.Outcome.NOT_MATCHED) {
                return EligibilityStatus.NOT_ELIGIBLE;
            }
            unknown |= r.outcome() == ConditionResult.Outcome.UNKNOWN;
        }
        return unknown ? EligibilityStatus.UNKNOWN : EligibilityStatus.ELIGIBLE;
    }

    private static long amountOf(CompiledRule.Expr e, Map<String, Object> vars, Map<String, Set<String>> unknown)
            throws MissingFacts, RuleFailure {
        Set<String> missing = missingFor(e, unknown);
        if (!missing.isEmpty()) {
            throw new MissingFacts(missing);
        }
        Object v = eval(e, vars);
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof Number n) {
            return Math.round(n.doubleValue());
        }
        throw new RuleFailure(e.path() + ": 金額の式の結果が数値ではありません: " + v);
    }

    private static Set<String> missingFor(CompiledRule.Expr e, Map<String, Set<String>> unknownNames) {
        if (unknownNames.isEmpty()) {
            return Set.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (String r : e.references()) {
            Set<String> m = unknownNames.get(r);
            if (m != null) {
                out.addAll(m);
            }
        }
        return out;
    }

    private static Object eval(CompiledRule.Expr e, Map<String, Object> vars) throws MissingFacts, RuleFailure {
        try {
            return e.program().trace(vars, CHECK_DEADLINE);
        } catch (CelEvaluationException ex) {
            if (causedBy(ex, TooSlow.class)) {
                throw new RuleFailure(e.path() + ": 評価が時間内（" + timeoutMillis() + "ミリ秒）に終わりませんでした");
            }
            String msg = String.valueOf(ex.getMessage());
            Matcher m = MISSING_KEY.matcher(msg);
            if (m.find() && CelEnvironment.INPUT_LABELS.containsKey(m.group(1))) {
                throw new MissingFacts(Set.of(CelEnvironment.INPUT_LABELS.get(m.group(1))));
            }
            throw new RuleFailure(e.path() + ": " + msg);
        } catch (RuntimeException ex) {
            if (causedBy(ex, TooSlow.class)) {
                throw new RuleFailure(e.path() + ": 評価が時間内（" + timeoutMillis() + "ミリ秒）に終わりませんでした");
            }
            throw new RuleFailure(e.path() + ": " + ex);
        }
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static String range(Programme p) {
        return (p.validFrom() == null ? "" : p.validFrom().toString()) + "〜" + (p.validTo() == null ? "" : p.validTo().toString());
    }
}
