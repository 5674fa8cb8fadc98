package jp.kyodo.agents.programmes.internal;

import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import jp.kyodo.agents.programmes.DatedParameter;
import jp.kyodo.agents.programmes.EligibilityRule;
import jp.kyodo.agents.programmes.LifeEvent;
import jp.kyodo.agents.programmes.Programme;
import jp.kyodo.agents.programmes.ProgrammeKind;
import jp.kyodo.agents.programmes.RuleValidation;

/** Reads programme templates and rules from YAML (or JSON, which is YAML too) and maps issues to source positions. */
public final class TemplateReader {

    private static final YAMLFactory YAML = new YAMLFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper(YAML);

    private TemplateReader() { }

    /** Thrown when a template cannot be read; issues carry source positions. */
    public static final class TemplateException extends Exception {
        private final List<RuleValidation.Issue> issues;

        public TemplateException(String source, List<RuleValidation.Issue> issues) {
            super(source + ": " + issues.stream().map(RuleValidation.Issue::toString).reduce((a, b) -> a + "; " + b).orElse(""));
            this.issues = List.copyOf(issues);
        }

        public List<RuleValidation.Issue> issues() { return issues; }
    }

    /** Reads one programme template. */
    public static Programme readProgramme(String yaml, String sourceName) throws TemplateException {
        Parsed parsed = parse(yaml, sourceName);
        List<RuleValidation.Issue> issues = new ArrayList<>();
        Programme p = toProgramme(parsed.root, issues, parsed.locations);
        if (!issues.isEmpty()) {
            throw new TemplateException(sourceName, issues);
        }
        return p;
    }

    /** Reads a bare rule (the content of an {@code eligibility:} block). */
    public static EligibilityRule readRule(String yaml, String sourceName) throws TemplateException {
        Parsed parsed = parse(yaml, sourceName);
        List<RuleValidation.Issue> issues = new ArrayList<>();
        EligibilityRule r = toRule(parsed.root, "", issues, parsed.locations);
        if (!issues.isEmpty()) {
            throw new TemplateException(sourceName, issues);
        }
        return r;
    }

    /**
     * Validates rule source: a whole programme template (with {@code eligibility:}) or a bare rule. Issues point at
     * line and column in {@code yaml}.
     */
    public static RuleValidation validate(String yaml) {
        return validate(yaml, null);
    }

    /**
     * Like {@link #validate(String)}, for a whole template that may be derived ({@code parentId}): its rule is checked
     * merged with the parent's rule (from {@code parentRules}, which answers null for an unknown parent; an unknown
     * parent is an issue at {@code parentId}). Issues in the parent's part of the merged rule are reported at line 1
     * with a path starting {@code parent.}.
     */
    public static RuleValidation validate(String yaml, java.util.function.Function<String, java.util.Optional<EligibilityRule>> parentRules) {
        Parsed parsed;
        try {
            parsed = parse(yaml, "rule");
        } catch (TemplateException e) {
            return new RuleValidation(e.issues());
        }
        List<RuleValidation.Issue> issues = new ArrayList<>();
        JsonNode ruleNode;
        String prefix;
        if (parsed.root.has("eligibility") || parsed.root.has("id") || parsed.root.has("name")) {
            Programme p = toProgramme(parsed.root, issues, parsed.locations);
            if (!issues.isEmpty() || p == null || p.rule() == null) {
                return new RuleValidation(issues);
            }
            ruleNode = parsed.root.get("eligibility");
            prefix = "/eligibility";
        } else {
            ruleNode = parsed.root;
            prefix = "";
        }
        EligibilityRule rule = toRule(ruleNode, prefix, issues, parsed.locations);
        if (!issues.isEmpty()) {
            return new RuleValidation(issues);
        }
        String parentId = prefix.isEmpty() ? null : text(parsed.root, "parentId");
        if (parentId != null && parentRules != null) {
            java.util.Optional<EligibilityRule> parent = parentRules.apply(parentId);
            if (parent == null) {
                issues.add(issueAt(parsed.locations, "/parentId", "元制度 " + parentId + " はこの自治体の制度にありません"));
                return new RuleValidation(issues);
            }
            if (parent.isPresent()) {
                EligibilityRule merged = jp.kyodo.agents.programmes.ProgrammeRegistry.mergeRules(parent.get(), rule);
                for (RuleValidation.Issue i : RuleCompiler.check(merged)) {
                    issues.add(mapMerged(parsed.locations, prefix, i, merged, rule));
                }
                return new RuleValidation(issues);
            }
        }
        for (RuleValidation.Issue i : RuleCompiler.check(rule)) {
            issues.add(parsed.locations.map(prefix, i));
        }
        return new RuleValidation(issues);
    }

    /** Maps an issue of a merged (parent + child) rule to the child's source, or marks it as the parent's. */
    private static RuleValidation.Issue mapMerged(Locations loc, String prefix, RuleValidation.Issue i,
                                                  EligibilityRule merged, EligibilityRule child) {
        String path = i.path();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^conditions\\[(\\d+)\\](.*)$").matcher(path);
        if (m.matches()) {
            int index = Integer.parseInt(m.group(1));
            String id = index < merged.conditions().size() ? merged.conditions().get(index).id() : null;
            for (int j = 0; j < child.conditions().size(); j++) {
                if (java.util.Objects.equals(child.conditions().get(j).id(), id)) {
                    RuleValidation.Issue local = new RuleValidation.Issue(i.line(), i.column(),
                            "conditions[" + j + "]" + m.group(2), i.message());
                    return loc.map(prefix, local);
                }
            }
        } else if (path.startsWith("definitions.") && child.definitions().containsKey(path.substring("definitions.".length()))) {
            return loc.map(prefix, i);
        } else if (path.startsWith("amount") && child.amount() != null) {
            return loc.map(prefix, i);
        }
        return new RuleValidation.Issue(1, 1, "parent." + path, "元制度の規則: " + i.message());
    }

    // ---------------------------------------------------------------- parsing with locations

    private record Parsed(JsonNode root, Locations locations) { }

    /** Start positions of scalar values by JSON pointer, to map expression-relative positions to the source. */
    static final class Locations {
        private final String[] lines;
        private final Map<String, int[]> byPointer = new HashMap<>(); // {line, column} 1-based

        Locations(String source) { this.lines = source.split("\n", -1); }

        void put(String pointer, JsonLocation loc) {
            byPointer.put(pointer, new int[] {loc.getLineNr(), loc.getColumnNr()});
        }

        int[] of(String pointer) { return byPointer.get(pointer); }

        /** Maps an issue whose position is relative to an expression at {@code prefix + path}. */
        RuleValidation.Issue map(String prefix, RuleValidation.Issue i) {
            String pointer = prefix + "/" + i.path().replace("[", ".").replace("]", "").replace('.', '/');
            int[] at = byPointer.get(pointer);
            if (at == null && i.path().startsWith("conditions[")) { // id/label issues: point at the condition
                at = byPointer.get(pointer.substring(0, pointer.lastIndexOf('/')) + "/when");
            }
            if (at == null) {
                return i;
            }
            int line = at[0];
            int col = at[1];
            String text = line - 1 < lines.length ? lines[line - 1] : "";
            char c = col - 1 < text.length() && col >= 1 ? text.charAt(col - 1) : ' ';
            if (c == '|' || c == '>') { // block scalar: content starts on the next line, indented
                int contentLine = line + i.line();
                String l = contentLine - 1 < lines.length ? lines[contentLine - 1] : "";
                int indent = 0;
                while (indent < l.length() && l.charAt(indent) == ' ') {
                    indent++;
                }
                return new RuleValidation.Issue(contentLine, indent + i.column(), i.path(), i.message());
            }
            int quote = (c == '"' || c == '\'') ? 1 : 0;
            if (i.line() == 1) {
                return new RuleValidation.Issue(line, col + quote + i.column() - 1, i.path(), i.message());
            }
            return new RuleValidation.Issue(line + i.line() - 1, i.column(), i.path(), i.message());
        }
    }

    private static Parsed parse(String yaml, String sourceName) throws TemplateException {
        Locations locations = new Locations(yaml);
        try (JsonParser parser = YAML.createParser(yaml)) {
            JsonToken t;
            while ((t = parser.nextToken()) != null) {
                if (t.isScalarValue()) {
                    locations.put(parser.getParsingContext().pathAsPointer().toString(), parser.currentTokenLocation());
                }
            }
            JsonNode root = MAPPER.readTree(yaml);
            if (root == null || !root.isObject()) {
                throw new TemplateException(sourceName, List.of(new RuleValidation.Issue(1, 1, "", "YAML のマッピング（キー: 値）が必要です")));
            }
            return new Parsed(root, locations);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            int line = loc == null ? 1 : Math.max(1, loc.getLineNr());
            int col = loc == null ? 1 : Math.max(1, loc.getColumnNr());
            throw new TemplateException(sourceName, List.of(new RuleValidation.Issue(line, col, "", "YAML の構文エラー: " + e.getOriginalMessage())));
        } catch (IOException e) {
            throw new TemplateException(sourceName, List.of(new RuleValidation.Issue(1, 1, "", e.toString())));
        }
    }

    // ---------------------------------------------------------------- mapping

    private static RuleValidation.Issue issueAt(Locations loc, String pointer, String message) {
        int[] at = loc == null ? null : loc.of(pointer);
        return new RuleValidation.Issue(at == null ? 1 : at[0], at == null ? 1 : at[1], pointer, message);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static LocalDate date(JsonNode n, String field, String pointer, List<RuleValidation.Issue> issues, Locations loc) {
        String s = text(n, field);
        if (s == null) {
            return null;
        }
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            issues.add(issueAt(loc, pointer + "/" + field, "日付は YYYY-MM-DD で書いてください: " + s));
            return null;
        }
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n != null && n.isArray()) {
            n.forEach(x -> out.add(x.asText()));
        } else if (n != null && n.isTextual()) {
            for (String s : n.asText().split(";")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
        }
        return out;
    }

    static Programme toProgramme(JsonNode n, List<RuleValidation.Issue> issues, Locations loc) {
        String id = text(n, "id");
        String name = text(n, "name");
        if (id == null || id.isBlank()) {
            issues.add(issueAt(loc, "", "id（制度番号）は必須です"));
        }
        if (name == null || name.isBlank()) {
            issues.add(issueAt(loc, "", "name（制度名）は必須です"));
        }
        ProgrammeKind kind = ProgrammeKind.BENEFIT;
        String k = text(n, "kind");
        if (k != null) {
            try {
                kind = ProgrammeKind.valueOf(k.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                issues.add(issueAt(loc, "/kind", "kind は benefit か procedure です: " + k));
            }
        }
        Programme.Derivation derivation = null;
        String dv = text(n, "derivation");
        if (dv != null) {
            switch (dv) {
                case "0", "REWRITE_ONLY" -> derivation = Programme.Derivation.REWRITE_ONLY;
                case "1", "LOCAL_ADDITIONS" -> derivation = Programme.Derivation.LOCAL_ADDITIONS;
                case "2", "NARROWED" -> derivation = Programme.Derivation.NARROWED;
                default -> issues.add(issueAt(loc, "/derivation", "derivation（制度変更区分）は 0, 1, 2 のいずれかです: " + dv));
            }
        }
        List<Programme.LegalBasis> legal = new ArrayList<>();
        for (JsonNode x : iter(n.get("legalBasis"))) {
            legal.add(x.isTextual() ? new Programme.LegalBasis(x.asText(), null) : new Programme.LegalBasis(text(x, "title"), text(x, "url")));
        }
        List<Programme.Evidence> docs = new ArrayList<>();
        for (JsonNode x : iter(n.get("requiredDocuments"))) {
            docs.add(x.isTextual() ? new Programme.Evidence(x.asText(), null, false)
                    : new Programme.Evidence(text(x, "name"), text(x, "description"), x.path("conditional").asBoolean(false)));
        }
        List<Programme.Channel> channels = new ArrayList<>();
        int ci = 0;
        for (JsonNode x : iter(n.get("channels"))) {
            Programme.ChannelType type = Programme.ChannelType.COUNTER;
            String t = text(x, "type");
            try {
                if (t != null) {
                    type = Programme.ChannelType.valueOf(t.toUpperCase(java.util.Locale.ROOT));
                }
            } catch (IllegalArgumentException e) {
                issues.add(issueAt(loc, "/channels/" + ci + "/type", "channel type は online / counter / post / phone です: " + t));
            }
            channels.add(new Programme.Channel(type, text(x, "description"), text(x, "url")));
            ci++;
        }
        JsonNode c = n.get("cost");
        Programme.Cost cost = c == null || c.isNull() ? null
                : new Programme.Cost(c.has("yen") ? c.get("yen").asLong() : null, text(c, "description"));
        List<Programme.LifeEventStep> events = new ArrayList<>();
        int ei = 0;
        for (JsonNode x : iter(n.get("lifeEvents"))) {
            String ev = x.isTextual() ? x.asText() : text(x, "event");
            int order = x.path("order").asInt(100);
            var found = LifeEvent.find(ev);
            if (found.isEmpty()) {
                issues.add(issueAt(loc, "/lifeEvents/" + ei + (x.isTextual() ? "" : "/event"), "未知のライフイベント: " + ev));
            } else {
                events.add(new Programme.LifeEventStep(found.get(), order));
            }
            ei++;
        }
        JsonNode ct = n.get("contact");
        Programme.Contact contact = ct == null || ct.isNull() ? null
                : new Programme.Contact(text(ct, "organisation"), text(ct, "telephone"), text(ct, "email"), text(ct, "url"),
                text(ct, "openingHours"));
        JsonNode a = n.get("area");
        Programme.Area area = a == null || a.isNull() ? Programme.Area.NATIONWIDE
                : new Programme.Area(strings(a.get("prefectures")), strings(a.get("municipalities")));
        EligibilityRule rule = null;
        if (n.has("eligibility") && !n.get("eligibility").isNull()) {
            rule = toRule(n.get("eligibility"), "/eligibility", issues, loc);
        }
        if (!issues.isEmpty()) {
            return null;
        }
        return new Programme(id, text(n, "parentId"), derivation, kind, name, text(n, "summary"), text(n, "description"),
                text(n, "competentAuthority"), legal, text(n, "eligibilityText"), rule, docs, channels, cost,
                text(n, "processingTime"), text(n, "deadline"), events, contact,
                date(n, "validFrom", "", issues, loc), date(n, "validTo", "", issues, loc), area, strings(n.get("keywords")));
    }

    private static Iterable<JsonNode> iter(JsonNode n) {
        return n == null || !n.isArray() ? List.of() : n;
    }

    static EligibilityRule toRule(JsonNode n, String pointer, List<RuleValidation.Issue> issues, Locations loc) {
        if (n == null || !n.isObject()) {
            issues.add(issueAt(loc, pointer, "eligibility はマッピング（キー: 値）で書いてください"));
            return null;
        }
        Map<String, DatedParameter> params = readParameters(n.get("parameters"), pointer + "/parameters", issues, loc);
        Map<String, String> defs = new LinkedHashMap<>();
        JsonNode d = n.get("definitions");
        if (d != null && d.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = d.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                defs.put(e.getKey(), e.getValue().asText());
            }
        }
        List<EligibilityRule.Condition> conds = new ArrayList<>();
        for (JsonNode c : iter(n.get("conditions"))) {
            conds.add(new EligibilityRule.Condition(text(c, "id"), text(c, "label"), text(c, "when")));
        }
        EligibilityRule.AmountRule amount = null;
        JsonNode a = n.get("amount");
        if (a != null && !a.isNull()) {
            amount = a.isValueNode() ? new EligibilityRule.AmountRule(a.asText(), null, null, null)
                    : new EligibilityRule.AmountRule(text(a, "exact"), text(a, "min"), text(a, "max"), text(a, "label"));
        }
        return new EligibilityRule(text(n, "incomeBasis"), params, defs, conds, amount);
    }

    /** Reads {@code name: {label, unit, values: {date: value | {value, reference}}}}. */
    public static Map<String, DatedParameter> readParameters(JsonNode n, String pointer, List<RuleValidation.Issue> issues,
                                                             Locations loc) {
        Map<String, DatedParameter> out = new LinkedHashMap<>();
        if (n == null || n.isNull()) {
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            JsonNode p = e.getValue();
            List<DatedParameter.DatedValue> values = new ArrayList<>();
            JsonNode vs = p.get("values");
            if (vs == null || !vs.isObject() || vs.isEmpty()) {
                issues.add(issueAt(loc, pointer + "/" + name, "パラメータ " + name + " に values（日付: 値）がありません"));
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> vit = vs.fields(); vit.hasNext(); ) {
                Map.Entry<String, JsonNode> v = vit.next();
                LocalDate from;
                try {
                    from = LocalDate.parse(v.getKey());
                } catch (DateTimeParseException ex) {
                    issues.add(issueAt(loc, pointer + "/" + name + "/values", "適用開始日は YYYY-MM-DD で書いてください: " + v.getKey()));
                    continue;
                }
                JsonNode val = v.getValue();
                String ref = null;
                if (val.isObject()) {
                    ref = text(val, "reference");
                    val = val.get("value");
                }
                if (val == null || val.isNull()) {
                    issues.add(issueAt(loc, pointer + "/" + name + "/values/" + v.getKey(), "値がありません"));
                    continue;
                }
                values.add(new DatedParameter.DatedValue(from, ParameterValues.normalise(MAPPER.convertValue(val, Object.class)), ref));
            }
            out.put(name, new DatedParameter(name, text(p, "label"), text(p, "unit"), values));
        }
        return out;
    }

    /** Reads a plain YAML document into a tree. */
    public static JsonNode tree(String yaml) throws IOException { return MAPPER.readTree(yaml); }
}
