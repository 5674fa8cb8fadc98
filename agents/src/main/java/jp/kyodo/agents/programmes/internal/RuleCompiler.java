package jp.kyodo.agents.programmes.internal;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.cel.bundle.Cel;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelSourceLocation;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.ast.CelReference;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.CelType;
import dev.cel.runtime.CelEvaluationException;
import jp.kyodo.agents.programmes.EligibilityRule;
import jp.kyodo.agents.programmes.RuleValidation;

/** Compiles and checks rules. Issue positions are relative to each expression (1-based line and column). */
public final class RuleCompiler {

    private RuleCompiler() { }

    /** Thrown when a rule does not compile. */
    public static final class RuleCompileException extends Exception {
        private final List<RuleValidation.Issue> issues;

        RuleCompileException(List<RuleValidation.Issue> issues) {
            super(issues.stream().map(RuleValidation.Issue::toString).reduce((a, b) -> a + "; " + b).orElse("invalid rule"));
            this.issues = List.copyOf(issues);
        }

        public List<RuleValidation.Issue> issues() { return issues; }
    }

    private enum Expect { BOOL, NUMBER, ANY }

    /** Compiles a rule, or throws with every issue found. */
    public static CompiledRule compile(EligibilityRule rule) throws RuleCompileException {
        List<RuleValidation.Issue> issues = new ArrayList<>();
        CompiledRule r = compile(rule, issues);
        if (!issues.isEmpty()) {
            throw new RuleCompileException(issues);
        }
        return r;
    }

    /** Checks a rule and returns its issues (empty = valid). */
    public static List<RuleValidation.Issue> check(EligibilityRule rule) {
        List<RuleValidation.Issue> issues = new ArrayList<>();
        compile(rule, issues);
        return issues;
    }

    private static CompiledRule compile(EligibilityRule rule, List<RuleValidation.Issue> issues) {
        Set<String> definitionNames = new LinkedHashSet<>(rule.definitions().keySet());
        for (String n : definitionNames) {
            if (!n.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                issues.add(new RuleValidation.Issue(1, 1, "definitions." + n,
                        "定義名は英字で始まる英数字と _ だけにしてください: " + n));
            } else if (CelEnvironment.VARIABLES.containsKey(n)) {
                issues.add(new RuleValidation.Issue(1, 1, "definitions." + n, "定義名 " + n + " は組み込みの変数と重複しています"));
            }
        }
        if (!issues.isEmpty()) {
            return null;
        }
        Set<String> params = rule.parameters().keySet();
        List<Map.Entry<String, CompiledRule.Expr>> defs = new ArrayList<>();
        Set<String> visible = new HashSet<>();
        List<String> all = new ArrayList<>(definitionNames);
        for (Map.Entry<String, String> d : rule.definitions().entrySet()) {
            String path = "definitions." + d.getKey();
            // a definition may only use earlier definitions
            List<String> earlier = all.subList(0, all.indexOf(d.getKey()));
            CompiledRule.Expr e = compileExpr(CelEnvironment.withDefinitions(earlier), path, d.getValue(), Expect.ANY,
                    params, rule.incomeBasis(), issues);
            defs.add(new AbstractMap.SimpleImmutableEntry<>(d.getKey(), e));
            visible.add(d.getKey());
        }
        Cel env = CelEnvironment.withDefinitions(definitionNames);
        List<CompiledRule.Condition> conds = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < rule.conditions().size(); i++) {
            EligibilityRule.Condition c = rule.conditions().get(i);
            String path = "conditions[" + i + "].when";
            if (c.id() == null || c.id().isBlank()) {
                issues.add(new RuleValidation.Issue(1, 1, "conditions[" + i + "].id", "条件に id がありません"));
            } else if (!ids.add(c.id())) {
                issues.add(new RuleValidation.Issue(1, 1, "conditions[" + i + "].id", "条件の id が重複しています: " + c.id()));
            }
            if (c.label() == null || c.label().isBlank()) {
                issues.add(new RuleValidation.Issue(1, 1, "conditions[" + i + "].label", "条件に label（日本語の説明）がありません"));
            }
            conds.add(new CompiledRule.Condition(c, compileExpr(env, path, c.when(), Expect.BOOL, params, rule.incomeBasis(), issues)));
        }
        CompiledRule.Expr exact = null;
        CompiledRule.Expr min = null;
        CompiledRule.Expr max = null;
        EligibilityRule.AmountRule a = rule.amount();
        if (a != null) {
            if (a.exact() != null) {
                exact = compileExpr(env, "amount", a.exact(), Expect.NUMBER, params, rule.incomeBasis(), issues);
            } else if (a.min() != null && a.max() != null) {
                min = compileExpr(env, "amount.min", a.min(), Expect.NUMBER, params, rule.incomeBasis(), issues);
                max = compileExpr(env, "amount.max", a.max(), Expect.NUMBER, params, rule.incomeBasis(), issues);
            } else {
                issues.add(new RuleValidation.Issue(1, 1, "amount", "amount には式か、min と max の両方を書いてください"));
            }
        }
        return issues.isEmpty() ? new CompiledRule(rule, defs, conds, exact, min, max) : null;
    }

    /** Compiles one standalone expression in the base environment (for the editor's single-expression check). */
    public static List<RuleValidation.Issue> checkExpression(String source, Set<String> parameterNames,
                                                             Set<String> definitionNames, boolean mustBeBoolean) {
        List<RuleValidation.Issue> issues = new ArrayList<>();
        compileExpr(CelEnvironment.withDefinitions(definitionNames), "", source,
                mustBeBoolean ? Expect.BOOL : Expect.ANY, parameterNames, "(any)", issues);
        return issues;
    }

    private static CompiledRule.Expr compileExpr(Cel env, String path, String source, Expect expect, Set<String> params,
                                                 String incomeBasis, List<RuleValidation.Issue> issues) {
        if (source == null || source.isBlank()) {
            issues.add(new RuleValidation.Issue(1, 1, path, "式が空です"));
            return null;
        }
        CelValidationResult result = env.compile(source);
        if (result.hasError()) {
            for (CelIssue i : result.getErrors()) {
                CelSourceLocation loc = i.getSourceLocation();
                int line = loc == CelSourceLocation.NONE ? 1 : Math.max(1, loc.getLine());
                int col = loc == CelSourceLocation.NONE ? 1 : loc.getColumn() + 1;
                issues.add(new RuleValidation.Issue(line, col, path, translate(i.getMessage())));
            }
            return null;
        }
        CelAbstractSyntaxTree ast;
        try {
            ast = result.getAst();
        } catch (CelValidationException e) {
            issues.add(new RuleValidation.Issue(1, 1, path, e.getMessage()));
            return null;
        }
        int before = issues.size();
        walk(ast, ast.getExpr(), path, params, issues);
        CelType t = ast.getResultType();
        if (expect == Expect.BOOL && t.kind() != CelKind.BOOL && t.kind() != CelKind.DYN) {
            issues.add(new RuleValidation.Issue(1, 1, path, "条件式の結果は true/false でなければなりません（結果の型: " + t.name() + "）"));
        } else if (expect == Expect.NUMBER && t.kind() != CelKind.INT && t.kind() != CelKind.DOUBLE
                && t.kind() != CelKind.UINT && t.kind() != CelKind.DYN) {
            issues.add(new RuleValidation.Issue(1, 1, path, "金額の式の結果は数値（円）でなければなりません（結果の型: " + t.name() + "）"));
        }
        Set<String> refs = new HashSet<>();
        for (CelReference r : ast.getReferenceMap().values()) {
            if (!r.name().isEmpty()) {
                refs.add(r.name());
            }
        }
        if (refs.contains("income") && incomeBasis == null) {
            issues.add(new RuleValidation.Issue(1, 1, path,
                    "income を使うには incomeBasis（どの制度の控除後所得か）を指定してください"));
        }
        if (issues.size() > before) {
            return null;
        }
        try {
            return new CompiledRule.Expr(path, source, env.createProgram(ast), Set.copyOf(refs));
        } catch (CelEvaluationException e) {
            issues.add(new RuleValidation.Issue(1, 1, path, e.getMessage()));
            return null;
        }
    }

    /** Reports unknown parameter names ({@code p.x}) and unknown person fields ({@code c.x}). */
    private static void walk(CelAbstractSyntaxTree ast, CelExpr e, String path, Set<String> params,
                             List<RuleValidation.Issue> issues) {
        switch (e.getKind()) {
            case SELECT -> {
                CelExpr.CelSelect s = e.select();
                CelExpr operand = s.operand();
                boolean onParams = operand.getKind() == CelExpr.ExprKind.Kind.IDENT && operand.ident().name().equals("p")
                        && ast.getReference(operand.id()).map(r -> r.name().equals("p")).orElse(true);
                if (onParams) {
                    if (!params.contains(s.field())) {
                        issues.add(at(ast, operand.id(), path, "未定義のパラメータ p." + s.field()
                                + "（parameters に登録されている名前: " + String.join(", ", params) + "）"));
                    }
                } else if (isPersonLike(ast, operand) && !CelEnvironment.PERSON_KEYS.contains(s.field())) {
                    issues.add(at(ast, operand.getKind() == CelExpr.ExprKind.Kind.IDENT ? operand.id() : e.id(), path, "世帯員の項目 ." + s.field() + " はありません（使える項目: "
                            + String.join(", ", new java.util.TreeSet<>(CelEnvironment.PERSON_KEYS)) + "）"));
                }
                walk(ast, operand, path, params, issues);
            }
            case CALL -> {
                CelExpr.CelCall c = e.call();
                c.target().ifPresent(t -> walk(ast, t, path, params, issues));
                for (CelExpr a : c.args()) {
                    walk(ast, a, path, params, issues);
                }
            }
            case LIST -> e.list().elements().forEach(x -> walk(ast, x, path, params, issues));
            case MAP -> e.map().entries().forEach(en -> {
                walk(ast, en.key(), path, params, issues);
                walk(ast, en.value(), path, params, issues);
            });
            case COMPREHENSION -> {
                CelExpr.CelComprehension c = e.comprehension();
                walk(ast, c.iterRange(), path, params, issues);
                walk(ast, c.accuInit(), path, params, issues);
                walk(ast, c.loopCondition(), path, params, issues);
                walk(ast, c.loopStep(), path, params, issues);
                walk(ast, c.result(), path, params, issues);
            }
            default -> { }
        }
    }

    /** A select operand whose static type is a person map (map(string, dyn)) that is not {@code p}. */
    private static boolean isPersonLike(CelAbstractSyntaxTree ast, CelExpr operand) {
        Optional<CelType> t = ast.getType(operand.id());
        if (t.isEmpty()) {
            return false;
        }
        CelType type = t.get();
        return type.equals(CelEnvironment.PERSON);
    }

    private static RuleValidation.Issue at(CelAbstractSyntaxTree ast, long id, String path, String message) {
        Integer offset = ast.getSource().getPositionsMap().get(id);
        int line = 1;
        int col = 1;
        if (offset != null) {
            Optional<CelSourceLocation> loc = ast.getSource().getOffsetLocation(offset);
            if (loc.isPresent()) {
                line = loc.get().getLine();
                col = loc.get().getColumn() + 1;
            }
        }
        return new RuleValidation.Issue(line, col, path, message);
    }

    private static String translate(String m) {
        if (m.startsWith("undeclared reference to '")) {
            String name = m.substring("undeclared reference to '".length(), m.indexOf('\'', 25));
            return "未定義の名前 '" + name + "'（" + m + "）";
        }
        if (m.startsWith("found no matching overload")) {
            return "型が合いません: " + m;
        }
        if (m.contains("mismatched input") || m.contains("extraneous input") || m.contains("no viable alternative")
                || m.contains("token recognition error")) {
            return "構文エラー: " + m;
        }
        return m;
    }
}
