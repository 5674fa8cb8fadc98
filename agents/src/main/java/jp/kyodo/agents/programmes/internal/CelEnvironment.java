package jp.kyodo.agents.programmes.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelBuilder;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOptions;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelFunctionBinding;

/** The CEL environment rules are compiled in: variables, helper functions and extensions. */
final class CelEnvironment {

    private CelEnvironment() { }

    static final CelType PERSON = MapType.create(SimpleType.STRING, SimpleType.DYN);
    static final CelType PERSON_LIST = ListType.create(PERSON);

    /** Household-level variables every rule may use, with their CEL types. */
    static final Map<String, CelType> VARIABLES;

    static {
        Map<String, CelType> v = new LinkedHashMap<>();
        v.put("asOf", SimpleType.STRING);
        v.put("persons", PERSON_LIST);
        v.put("parents", PERSON_LIST);
        v.put("children", PERSON_LIST);
        v.put("grandparents", PERSON_LIST);
        v.put("singleParent", SimpleType.BOOL);
        v.put("dependants", SimpleType.INT);
        v.put("income", SimpleType.INT);
        v.put("prefecture", SimpleType.STRING);
        v.put("municipality", SimpleType.STRING);
        v.put("p", MapType.create(SimpleType.STRING, SimpleType.DYN));
        VARIABLES = java.util.Collections.unmodifiableMap(v);
    }

    /** Keys of a person map (see {@link HouseholdFacts}); {@code rank} is added by {@code ranked()}. */
    static final Set<String> PERSON_KEYS = Set.of("id", "role", "age", "grade", "birthDate", "income",
            "physicalHandbook", "ryoikuHandbook", "ainoTecho", "mentalHandbook", "internalDisability", "cerebralPalsy",
            "rank");

    /** Human-readable labels of inputs that may be missing. */
    static final Map<String, String> INPUT_LABELS = Map.of(
            "prefecture", "居住都道府県",
            "municipality", "居住市区町村",
            "age", "世帯員の年齢（誕生年月日）",
            "grade", "世帯員の学年（誕生年月日）",
            "birthDate", "世帯員の誕生年月日",
            "income", "世帯員の所得");

    /**
     * The most iterations the comprehensions ({@code all}, {@code exists}, {@code map}, {@code filter} …) of one
     * evaluation may make together (CEL's iteration budget, nested ones included): a household has a handful of
     * members, a rule that iterates more is broken or hostile and fails; the evaluation time limit in
     * {@link RuleEvaluator} bounds the rest.
     */
    static final int MAX_ITERATIONS = 1_000;
    /** The longest rule expression, in code points. */
    static final int MAX_EXPRESSION = 20_000;

    static final CelOptions OPTIONS = CelOptions.current()
            .enableHeterogeneousNumericComparisons(true)
            .comprehensionMaxIterations(MAX_ITERATIONS)
            .maxExpressionCodePointSize(MAX_EXPRESSION)
            .build();

    private static final Cel BASE = build();

    private static Cel build() {
        CelBuilder b = CelFactory.standardCelBuilder()
                .setOptions(OPTIONS)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .addCompilerLibraries(CelExtensions.bindings(), CelExtensions.lists(), CelExtensions.math(OPTIONS),
                        CelExtensions.strings())
                .addRuntimeLibraries(CelExtensions.lists(), CelExtensions.math(OPTIONS), CelExtensions.strings());
        VARIABLES.forEach(b::addVar);
        b.addFunctionDeclarations(
                CelFunctionDecl.newFunctionDeclaration("sum",
                        CelOverloadDecl.newGlobalOverload("kyodo_sum_list", SimpleType.INT, ListType.create(SimpleType.DYN))),
                CelFunctionDecl.newFunctionDeclaration("ranked",
                        CelOverloadDecl.newGlobalOverload("kyodo_ranked_list", PERSON_LIST, ListType.create(SimpleType.DYN))),
                CelFunctionDecl.newFunctionDeclaration("between",
                        CelOverloadDecl.newGlobalOverload("kyodo_between_int", SimpleType.BOOL, SimpleType.INT,
                                SimpleType.INT, SimpleType.INT)));
        b.addFunctionBindings(
                CelFunctionBinding.from("kyodo_sum_list", List.class, CelEnvironment::sum),
                CelFunctionBinding.from("kyodo_ranked_list", List.class, CelEnvironment::ranked),
                CelFunctionBinding.from("kyodo_between_int", List.of(Long.class, Long.class, Long.class),
                        args -> (Long) args[1] <= (Long) args[0] && (Long) args[0] <= (Long) args[2]));
        return b.build();
    }

    /** Environment with the base variables plus the rule's definitions (typed dyn). */
    static Cel withDefinitions(Collection<String> definitionNames) {
        if (definitionNames.isEmpty()) {
            return BASE;
        }
        CelBuilder b = BASE.toCelBuilder();
        for (String n : definitionNames) {
            b.addVar(n, SimpleType.DYN);
        }
        return b.build();
    }

    private static Long sum(List<?> list) {
        long s = 0;
        for (Object o : list) {
            if (o instanceof Number n) {
                s = Math.addExact(s, Math.round(n.doubleValue()) == n.longValue() ? n.longValue() : Math.round(n.doubleValue()));
            } else {
                throw new IllegalArgumentException("sum() expects numbers, got " + o);
            }
        }
        return s;
    }

    private static List<Map<String, Object>> ranked(List<?> list) {
        List<Map<String, Object>> out = new ArrayList<>(list.size());
        long rank = 1;
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException("ranked() expects a list of persons");
            }
            Map<String, Object> copy = new HashMap<>();
            m.forEach((k, val) -> copy.put(String.valueOf(k), val));
            copy.put("rank", rank++);
            out.add(copy);
        }
        return out;
    }
}
