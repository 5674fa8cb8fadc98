package jp.kyodo.agents.lifeevents.internal;

import jp.kyodo.agents.lifeevents.AgentTools;
import jp.kyodo.agents.lifeevents.BundleDefinition;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.kyodo.agents.lifeevents.BundleDefinition.Condition;
import jp.kyodo.agents.lifeevents.BundleDefinition.Question;
import jp.kyodo.agents.lifeevents.BundleDefinition.Step;
import jp.kyodo.agents.lifeevents.internal.Plan.PlannedStep;
import jp.kyodo.agents.lifeevents.internal.Plan.State;

/**
 * The deterministic planner (no model): walks a bundle definition over the citizen's facts and answers. Questions are
 * asked in the order written, one at a time, and only when the record does not already answer them, their own
 * condition holds and a step that can still apply uses them. Pure: same input, same plan.
 */
public final class Planner {

    /** A child born this many days ago or less counts as the new child of a birth bundle. */
    public static final int NEWBORN_DAYS = 90;

    private final BundleDefinition def;
    private final Map<String, String> facts;
    private final Map<String, String> answers;
    private final Set<String> offered;

    /**
     * @param facts   as {@link AgentTools#readMyRecord()} gives them
     * @param offered the procedures the city publishes ({@link AgentTools#lookUpProcedures()})
     */
    public Planner(BundleDefinition def, Map<String, String> facts, Map<String, String> answers, Set<String> offered,
                   LocalDate today) {
        this.def = def;
        this.facts = derive(facts, today);
        this.answers = Map.copyOf(answers);
        this.offered = Set.copyOf(offered);
    }

    /** Adds the facts a bundle may use that the record gives only indirectly: the new child, older children. */
    static Map<String, String> derive(Map<String, String> raw, LocalDate today) {
        Map<String, String> f = new HashMap<>(raw);
        int children = number(raw.get("household.children"));
        f.put("household.children", String.valueOf(children));
        int newborn = -1;
        for (int i = 0; i < children; i++) {
            LocalDate born = date(raw.get("household.child." + i + ".birthDate"));
            if (born != null && !born.isAfter(today) && !born.isBefore(today.minusDays(NEWBORN_DAYS))
                    && (newborn < 0 || born.isAfter(date(raw.get("household.child." + newborn + ".birthDate"))))) {
                newborn = i;
            }
        }
        if (newborn >= 0) {
            for (String k : List.of("id", "fullName", "birthDate")) {
                String v = raw.get("household.child." + newborn + "." + k);
                if (v != null) {
                    f.put("household.newborn." + k, v);
                }
            }
        }
        f.put("household.olderChildren", String.valueOf(children - (newborn >= 0 ? 1 : 0)));
        return f;
    }

    public Plan plan() {
        Question next = null;
        int nextIndex = def.questions().size();
        for (int i = 0; i < def.questions().size(); i++) {
            Question q = def.questions().get(i);
            if (answers.containsKey(q.id()) || known(q) != null) {
                continue;
            }
            if (eval(q.when(), i) == Tri.FALSE) {
                continue;
            }
            if (used(q, i)) {
                next = q;
                nextIndex = i;
                break;
            }
        }
        List<PlannedStep> steps = new ArrayList<>();
        for (Step s : def.steps()) {
            steps.addAll(steps(s, nextIndex));
        }
        Map<String, String> known = new LinkedHashMap<>();
        for (Question q : def.questions()) {
            if (!answers.containsKey(q.id()) && known(q) != null) {
                known.put(q.id(), known(q));
            }
        }
        return new Plan(next, steps, known);
    }

    /** The facts after derivation (for the view: where a value came from). */
    public Map<String, String> facts() {
        return Map.copyOf(facts);
    }

    private String known(Question q) {
        String v = q.known() == null ? null : facts.get(q.known());
        return v == null || v.isBlank() ? null : v;
    }

    /** True when a step that may still apply, or a later question's condition, uses the question. */
    private boolean used(Question q, int index) {
        for (Step s : def.steps()) {
            boolean mentions = refersTo(s.when(), q.id()) || (s.values() != null
                    && s.values().containsValue("answer." + q.id()));
            if (mentions && eval(s.when(), index) != Tri.FALSE && possible(s)) {
                return true;
            }
        }
        for (int j = index + 1; j < def.questions().size(); j++) {
            if (refersTo(def.questions().get(j).when(), q.id())) {
                return true;
            }
        }
        return false;
    }

    /** Whether the step could be prepared at all (offered online; its subject in the household). */
    private boolean possible(Step s) {
        if (s.at() == BundleDefinition.At.COUNTER) {
            return true;
        }
        if (!offered.contains(s.procedure())) {
            return false;
        }
        return switch (subject(s)) {
            case NEWBORN -> facts.containsKey("household.newborn.id");
            case EACH_CHILD -> number(facts.get("household.children")) > 0;
            case SELF -> true;
        };
    }

    private List<PlannedStep> steps(Step s, int undecidedFrom) {
        Tri when = eval(s.when(), undecidedFrom);
        State state;
        if (when == Tri.FALSE) {
            state = State.NOT_NEEDED;
        } else if (s.at() == BundleDefinition.At.COUNTER) {
            state = when == Tri.TRUE ? State.AT_COUNTER : State.OPEN;
        } else if (!offered.contains(s.procedure())) {
            state = State.NOT_OFFERED;
        } else if (!possible(s)) {
            state = subject(s) == BundleDefinition.Subject.EACH_CHILD ? State.NOT_NEEDED : State.WAITING;
        } else if (when == Tri.UNKNOWN || usesOpen(s, undecidedFrom)) {
            state = State.OPEN;
        } else {
            state = State.READY;
        }
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> from = new LinkedHashMap<>();
        (s.values() == null ? Map.<String, String>of() : s.values()).forEach((key, expr) -> {
            String v = resolve(expr);
            if (v != null) {
                values.put(key, v);
                from.put(key, origin(expr));
            }
        });
        if (subject(s) == BundleDefinition.Subject.EACH_CHILD && state != State.NOT_NEEDED) {
            List<PlannedStep> out = new ArrayList<>();
            for (int i = 0; i < number(facts.get("household.children")); i++) {
                String id = facts.get("household.child." + i + ".id");
                out.add(new PlannedStep(s.id() + ":" + id, s.id(), s.order(), s.name(), s.nameEn(), s.at(), s.procedure(),
                        id, facts.get("household.child." + i + ".fullName"), state, s.note(), s.noteEn(), values, from));
            }
            return out;
        }
        boolean newborn = subject(s) == BundleDefinition.Subject.NEWBORN;
        return List.of(new PlannedStep(s.id(), s.id(), s.order(), s.name(), s.nameEn(), s.at(), s.procedure(),
                newborn ? facts.get("household.newborn.id") : null,
                newborn ? facts.get("household.newborn.fullName") : null, state, s.note(), s.noteEn(), values, from));
    }

    private boolean usesOpen(Step s, int undecidedFrom) {
        if (s.values() == null) {
            return false;
        }
        for (int j = undecidedFrom; j < def.questions().size(); j++) {
            if (s.values().containsValue("answer." + def.questions().get(j).id())) {
                return true;
            }
        }
        return false;
    }

    private String resolve(String expr) {
        if (expr.startsWith("text:")) {
            return expr.substring(5);
        }
        if (expr.startsWith("fact.")) {
            return facts.get(expr.substring(5));
        }
        return def.question(expr.substring(7)).map(this::value).orElse(null);
    }

    private String origin(String expr) {
        if (expr.startsWith("text:")) {
            return "bundle";
        }
        if (expr.startsWith("fact.")) {
            return "record:" + expr.substring(5);
        }
        String q = expr.substring(7);
        return answers.containsKey(q) ? "answer:" + q : "record:" + def.question(q).map(Question::known).orElse("");
    }

    /** A question's value: the answer, else the fact it is known from; none when its condition does not hold. */
    private String value(Question q) {
        if (eval(q.when(), def.questions().indexOf(q)) != Tri.TRUE) {
            return null;
        }
        String a = answers.get(q.id());
        return a != null ? a : known(q);
    }

    private enum Tri { TRUE, FALSE, UNKNOWN }

    /** All conditions hold; questions at or after {@code undecidedFrom} that are not answered are not decided yet. */
    private Tri eval(List<Condition> cs, int undecidedFrom) {
        Tri all = Tri.TRUE;
        for (Condition c : cs == null ? List.<Condition>of() : cs) {
            String v;
            if (c.fact() != null) {
                v = facts.get(c.fact());
            } else {
                Question q = def.question(c.answer()).orElseThrow();
                v = value(q);
                if (v == null && def.questions().indexOf(q) >= undecidedFrom && !answers.containsKey(q.id())) {
                    all = Tri.UNKNOWN;
                    continue;
                }
            }
            boolean ok = c.equals() != null ? c.equals().equals(v)
                    : c.notEquals() != null ? !c.notEquals().equals(v)
                    : number(v) >= c.atLeast();
            if (!ok) {
                return Tri.FALSE;
            }
        }
        return all;
    }

    private static boolean refersTo(List<Condition> cs, String questionId) {
        return cs != null && cs.stream().anyMatch(c -> questionId.equals(c.answer()));
    }

    private static BundleDefinition.Subject subject(Step s) {
        return s.subject() == null ? BundleDefinition.Subject.SELF : s.subject();
    }

    static int number(String s) {
        try {
            return s == null ? 0 : Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static LocalDate date(String s) {
        try {
            return s == null ? null : LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
