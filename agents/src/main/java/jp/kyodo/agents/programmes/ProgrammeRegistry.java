package jp.kyodo.agents.programmes;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import jp.kyodo.agents.programmes.internal.ShippedTemplates;
import jp.kyodo.agents.programmes.internal.TemplateReader;

/**
 * Immutable set of programmes and procedures (national and prefectural templates, municipal derivations), plus the
 * common parameters shared by all rules (e.g. 扶養親族となる所得の上限).
 *
 * <p>A derived programme ({@code parentId}) inherits every field it leaves empty from its parent; its rule is merged
 * with the parent's: parameters and definitions are overlaid, conditions are appended (a condition with the parent's
 * id replaces it) and the amount is replaced when given.
 */
public final class ProgrammeRegistry {

    /** Classpath folder of the templates shipped with Kyodo. */
    public static final String DEFAULT_LOCATION = "programmes/";

    /** Name of the common parameter for the dependant (扶養親族) income limit. */
    public static final String DEPENDANT_INCOME_LIMIT = "dependantIncomeLimit";

    private final Map<String, Programme> programmes;
    private final Map<String, DatedParameter> commonParameters;

    private ProgrammeRegistry(Map<String, Programme> programmes, Map<String, DatedParameter> commonParameters) {
        this.programmes = programmes;
        this.commonParameters = commonParameters;
    }

    /** Registry of the given programmes; derived programmes are resolved against their parents in the list. */
    public static ProgrammeRegistry of(List<Programme> list, Map<String, DatedParameter> commonParameters) {
        Map<String, Programme> raw = new LinkedHashMap<>();
        for (Programme p : list) {
            if (raw.put(p.id(), p) != null) {
                throw new IllegalArgumentException("duplicate programme id " + p.id());
            }
        }
        Map<String, Programme> resolved = new LinkedHashMap<>();
        for (Programme p : raw.values()) {
            resolved.put(p.id(), resolve(p, raw, 0));
        }
        return new ProgrammeRegistry(java.util.Collections.unmodifiableMap(resolved), Map.copyOf(commonParameters));
    }

    /** Loads the templates shipped with Kyodo (listed in {@code programmes/index.yaml} on the classpath). */
    public static ProgrammeRegistry loadDefault() {
        return loadFromClasspath(DEFAULT_LOCATION, ProgrammeRegistry.class.getClassLoader());
    }

    /**
     * Loads templates from a classpath folder holding {@code index.yaml}: {@code common: <file>} and
     * {@code programmes: [<file>, …]}, paths relative to the folder.
     */
    public static ProgrammeRegistry loadFromClasspath(String folder, ClassLoader loader) {
        String index = read(folder + "index.yaml", loader);
        JsonNode root;
        try {
            root = TemplateReader.tree(index);
        } catch (IOException e) {
            throw new ProgrammeTemplateException(folder + "index.yaml: " + e.getMessage(), List.of());
        }
        Map<String, DatedParameter> common = Map.of();
        if (root.hasNonNull("common")) {
            common = parseCommonParameters(read(folder + root.get("common").asText(), loader));
        }
        List<Programme> list = new ArrayList<>();
        for (JsonNode f : root.path("programmes")) {
            list.add(parseTemplate(read(folder + f.asText(), loader), folder + f.asText()));
        }
        return of(list, common);
    }

    /**
     * The template texts shipped with this release, by programme id (in {@code index.yaml} order): what a city's
     * registry adopts and what the admin editor splits into its form.
     */
    public static Map<String, String> shippedTemplateTexts() {
        Map<String, String> texts = new LinkedHashMap<>();
        for (ShippedTemplates.Template t : ShippedTemplates.load().all()) {
            texts.put(t.id(), t.yaml());
        }
        return java.util.Collections.unmodifiableMap(texts);
    }

    /** Parses one programme template (YAML). */
    public static Programme parseTemplate(String yaml, String sourceName) {
        try {
            return TemplateReader.readProgramme(yaml, sourceName);
        } catch (TemplateReader.TemplateException e) {
            throw new ProgrammeTemplateException(e.getMessage(), e.issues());
        }
    }

    /** Parses a YAML document {@code parameters: {name: {label, unit, values}}}. */
    public static Map<String, DatedParameter> parseCommonParameters(String yaml) {
        try {
            JsonNode root = TemplateReader.tree(yaml);
            List<RuleValidation.Issue> issues = new ArrayList<>();
            Map<String, DatedParameter> out = TemplateReader.readParameters(root.get("parameters"), "/parameters", issues,
                    null);
            if (!issues.isEmpty()) {
                throw new ProgrammeTemplateException("common parameters: " + issues, issues);
            }
            return out;
        } catch (IOException e) {
            throw new ProgrammeTemplateException("common parameters: " + e.getMessage(), List.of());
        }
    }

    private static String read(String resource, ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new ProgrammeTemplateException("resource not found: " + resource, List.of());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ProgrammeTemplateException(resource + ": " + e.getMessage(), List.of());
        }
    }

    private static Programme resolve(Programme p, Map<String, Programme> raw, int depth) {
        if (p.parentId() == null) {
            return p;
        }
        if (depth > 10) {
            throw new IllegalArgumentException("derivation cycle at " + p.id());
        }
        Programme parentRaw = raw.get(p.parentId());
        if (parentRaw == null) {
            return p; // parent is not in this registry (e.g. a national programme not loaded): keep as is
        }
        Programme parent = resolve(parentRaw, raw, depth + 1);
        return new Programme(p.id(), p.parentId(), p.derivation(), p.kind(), p.name(),
                or(p.summary(), parent.summary()), or(p.description(), parent.description()),
                or(p.competentAuthority(), parent.competentAuthority()),
                p.legalBasis().isEmpty() ? parent.legalBasis() : p.legalBasis(),
                or(p.eligibilityText(), parent.eligibilityText()), mergeRules(parent.rule(), p.rule()),
                p.requiredDocuments().isEmpty() ? parent.requiredDocuments() : p.requiredDocuments(),
                p.channels().isEmpty() ? parent.channels() : p.channels(), p.cost() == null ? parent.cost() : p.cost(),
                or(p.processingTime(), parent.processingTime()), or(p.deadline(), parent.deadline()),
                p.lifeEvents().isEmpty() ? parent.lifeEvents() : p.lifeEvents(),
                p.contact() == null ? parent.contact() : p.contact(),
                p.validFrom() == null ? parent.validFrom() : p.validFrom(),
                p.validTo() == null ? parent.validTo() : p.validTo(),
                p.area().isNationwide() ? parent.area() : p.area(),
                p.keywords().isEmpty() ? parent.keywords() : p.keywords());
    }

    private static <T> T or(T a, T b) { return a != null ? a : b; }

    /**
     * The rule of a derived programme: the parent's parameters and definitions overlaid by the child's, the parent's
     * conditions (one with the same id replaced by the child's) followed by the child's new ones, and the child's
     * amount if given, else the parent's. Either may be null.
     */
    public static EligibilityRule mergeRules(EligibilityRule parent, EligibilityRule child) {
        if (child == null) {
            return parent;
        }
        if (parent == null) {
            return child;
        }
        Map<String, DatedParameter> params = new LinkedHashMap<>(parent.parameters());
        params.putAll(child.parameters());
        Map<String, String> defs = new LinkedHashMap<>(parent.definitions());
        defs.putAll(child.definitions());
        List<EligibilityRule.Condition> conds = new ArrayList<>();
        for (EligibilityRule.Condition c : parent.conditions()) {
            conds.add(child.conditions().stream().filter(x -> x.id().equals(c.id())).findFirst().orElse(c));
        }
        for (EligibilityRule.Condition c : child.conditions()) {
            if (conds.stream().noneMatch(x -> x.id().equals(c.id()))) {
                conds.add(c);
            }
        }
        return new EligibilityRule(or(child.incomeBasis(), parent.incomeBasis()), params, defs, conds,
                or(child.amount(), parent.amount()));
    }

    /** All programmes, in template order. */
    public List<Programme> all() { return List.copyOf(programmes.values()); }

    public Optional<Programme> find(String id) { return Optional.ofNullable(programmes.get(id)); }

    public Map<String, DatedParameter> commonParameters() { return commonParameters; }

    /** Programmes offered at a residence and valid on a date (a tenant's catalogue). */
    public List<Programme> offeredIn(String prefectureCode, String municipalityCode, LocalDate asOf) {
        return programmes.values().stream()
                .filter(p -> p.validOn(asOf) && p.area().covers(prefectureCode, municipalityCode)).toList();
    }

    /** Entries grouped under a life event, in step order. */
    public List<Programme> forLifeEvent(LifeEvent event) {
        return programmes.values().stream().filter(p -> p.orderIn(event).isPresent())
                .sorted(Comparator.comparingInt(p -> p.orderIn(event).getAsInt())).toList();
    }

    /** A copy with one programme added or replaced (by id); used for drafts and what-if parameter sets. */
    public ProgrammeRegistry withProgramme(Programme programme) {
        Map<String, Programme> m = new LinkedHashMap<>(programmes);
        m.put(programme.id(), programme);
        return new ProgrammeRegistry(java.util.Collections.unmodifiableMap(m), commonParameters);
    }
}
