package jp.kyodo.agents.programmes;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;

import jp.kyodo.agents.programmes.internal.CompiledRule;
import jp.kyodo.agents.programmes.internal.HouseholdFacts;
import jp.kyodo.agents.programmes.internal.RuleCompiler;
import jp.kyodo.agents.programmes.internal.RuleEvaluator;
import jp.kyodo.agents.programmes.internal.TemplateReader;

/**
 * Evaluates programmes for a household as of a date ("my programmes"), validates rule source for the admin editor and
 * builds life-event guides. Thread-safe; never throws for a household (a failing rule yields
 * {@link EligibilityStatus#ERROR} 判定できません with a message for the admin).
 */
@ApplicationScoped
public class EligibilityEngine {

    private final ProgrammeRegistry registry;
    private final Map<String, Compiled> compiled;

    /** A rule compiled for a registry programme, or the reason it did not compile. */
    private record Compiled(EligibilityRule source, CompiledRule rule, String error) { }

    /** Engine over the templates shipped with Kyodo. */
    public EligibilityEngine() {
        this(ProgrammeRegistry.loadDefault());
    }

    /** Engine over a given registry; every rule is compiled once here. */
    public EligibilityEngine(ProgrammeRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        Map<String, Compiled> m = new HashMap<>();
        for (Programme p : registry.all()) {
            if (p.rule() != null) {
                m.put(p.id(), compile(p.rule()));
            }
        }
        this.compiled = Map.copyOf(m);
    }

    private static Compiled compile(EligibilityRule rule) {
        try {
            return new Compiled(rule, RuleCompiler.compile(rule), null);
        } catch (RuleCompiler.RuleCompileException e) {
            return new Compiled(rule, null, "規則にエラーがあります: " + e.getMessage());
        }
    }

    public ProgrammeRegistry registry() { return registry; }

    /** Evaluates every registry entry that has an eligibility rule. */
    public List<ProgrammeEvaluation> evaluate(Household household, LocalDate asOf) {
        return evaluate(registry.all().stream().filter(p -> p.rule() != null).toList(), household, asOf);
    }

    /** Evaluates the given programmes (registry entries or drafts) for one household. */
    public List<ProgrammeEvaluation> evaluate(List<Programme> programmes, Household household, LocalDate asOf) {
        HouseholdFacts facts = facts(household, asOf);
        List<ProgrammeEvaluation> out = new ArrayList<>(programmes.size());
        for (Programme p : programmes) {
            out.add(evaluate(p, facts));
        }
        return out;
    }

    /**
     * "Try this rule": evaluates one programme — possibly an unsaved draft — for one household as of a date. A draft
     * whose rule does not compile yields status ERROR with the compile errors.
     */
    public ProgrammeEvaluation evaluate(Programme programme, Household household, LocalDate asOf) {
        return evaluate(programme, facts(household, asOf));
    }

    /** Evaluates the draft rule source (YAML of a whole template or of an {@code eligibility:} block) for a household. */
    public ProgrammeEvaluation tryRule(Programme base, String ruleSource, Household household, LocalDate asOf) {
        RuleValidation v = validate(ruleSource);
        if (!v.valid()) {
            return new ProgrammeEvaluation(base.id(), base.name(), asOf, EligibilityStatus.ERROR, null, List.of(),
                    List.of(), "規則にエラーがあります: " + v.issues(), base.deadline(), base.channels(),
                    base.requiredDocuments());
        }
        Programme draft;
        try {
            JsonLike kind = JsonLike.of(ruleSource);
            draft = kind.wholeTemplate ? ProgrammeRegistry.parseTemplate(ruleSource, "draft")
                    : base.withRule(TemplateReader.readRule(ruleSource, "draft"));
        } catch (TemplateReader.TemplateException | ProgrammeTemplateException e) {
            return new ProgrammeEvaluation(base.id(), base.name(), asOf, EligibilityStatus.ERROR, null, List.of(),
                    List.of(), e.getMessage(), base.deadline(), base.channels(), base.requiredDocuments());
        }
        return evaluate(draft, household, asOf);
    }

    private record JsonLike(boolean wholeTemplate) {
        static JsonLike of(String src) {
            try {
                var t = TemplateReader.tree(src);
                return new JsonLike(t != null && (t.has("eligibility") || t.has("id")));
            } catch (java.io.IOException e) {
                return new JsonLike(false);
            }
        }
    }

    /**
     * Validates rule source for the admin editor: a whole programme template or a bare {@code eligibility:} block in
     * YAML. Returns every problem with its 1-based line and column in {@code ruleSource}.
     */
    public RuleValidation validate(String ruleSource) {
        return TemplateReader.validate(ruleSource);
    }

    /**
     * Validates a single CEL expression typed in the editor (positions relative to the expression).
     *
     * @param parameterNames  names usable as {@code p.<name>}
     * @param definitionNames names of the rule's definitions
     * @param condition       true for a condition (must be boolean)
     */
    public RuleValidation validateExpression(String expression, java.util.Set<String> parameterNames,
                                             java.util.Set<String> definitionNames, boolean condition) {
        return new RuleValidation(RuleCompiler.checkExpression(expression, parameterNames, definitionNames, condition));
    }

    /**
     * Life-event guide (「子どもが生まれた」= {@link LifeEvent#BIRTH_AND_CHILDREN}, 「引っ越す」= {@link LifeEvent#MOVING}
     * …): the procedures and programmes of the event in order, with documents, channels and deadlines from the
     * registry and, for entries with a rule, the household's evaluation. Entries offered only elsewhere are left out
     * when the household's residence is known.
     */
    public List<ProcedureStep> guide(LifeEvent event, Household household, LocalDate asOf) {
        HouseholdFacts facts = facts(household, asOf);
        List<ProcedureStep> out = new ArrayList<>();
        boolean residenceKnown = household.prefectureCode() != null || household.municipalityCode() != null;
        for (Programme p : registry.forLifeEvent(event)) {
            if (!p.validOn(asOf) || (residenceKnown && !p.area().covers(household.prefectureCode(), household.municipalityCode()))) {
                continue;
            }
            out.add(new ProcedureStep(p.orderIn(event).getAsInt(), p, p.rule() == null ? null : evaluate(p, facts)));
        }
        return out;
    }

    private HouseholdFacts facts(Household household, LocalDate asOf) {
        DatedParameter limit = registry.commonParameters().get(ProgrammeRegistry.DEPENDANT_INCOME_LIMIT);
        long l = 480_000L;
        if (limit != null) {
            Object v = limit.valueAt(asOf).orElse(limit.values().isEmpty() ? null : limit.values().get(0).value());
            if (v instanceof Number n) {
                l = n.longValue();
            }
        }
        return HouseholdFacts.of(household, asOf, l);
    }

    private ProgrammeEvaluation evaluate(Programme p, HouseholdFacts facts) {
        CompiledRule rule = null;
        if (p.rule() != null) {
            Compiled c = compiled.get(p.id());
            if (c == null || c.source() != p.rule()) {
                c = compile(p.rule()); // a draft or a programme from outside the registry
            }
            if (c.rule() == null) {
                return new ProgrammeEvaluation(p.id(), p.name(), facts.asOf(), EligibilityStatus.ERROR, null, List.of(),
                        List.of(), c.error(), p.deadline(), p.channels(), p.requiredDocuments());
            }
            rule = c.rule();
        }
        return RuleEvaluator.evaluate(p, rule, facts);
    }
}
