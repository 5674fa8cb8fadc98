package jp.kyodo.agents.knowledgebase;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The national template catalogue ({@code knowledge/templates/national.json}): FAQ entries for procedures every
 * municipality has, with {@code {{placeholders}}} for local facts. A new city starts from
 * {@link #instantiate}; entries whose placeholders are all filled may be published at once, the rest stay drafts.
 */
public final class TemplateCatalogue {
    private static final Pattern PH = Pattern.compile("\\{\\{(\\w+)}}");

    /** One template: department key (for {@code tel.<key>} and the department name) and the entry with placeholders. */
    public record Template(String departmentKey, FaqEntry entry) {
    }

    private final List<Template> templates;
    private final Map<String, String> placeholders;
    private final Map<String, String> departments;
    private final List<SynonymGroup> synonyms;

    private TemplateCatalogue(List<Template> templates, Map<String, String> placeholders,
                              Map<String, String> departments, List<SynonymGroup> synonyms) {
        this.templates = List.copyOf(templates);
        this.placeholders = Map.copyOf(placeholders);
        this.departments = Map.copyOf(departments);
        this.synonyms = List.copyOf(synonyms);
    }

    public static TemplateCatalogue national() {
        try (InputStream in = TemplateCatalogue.class.getResourceAsStream("/knowledge/templates/national.json")) {
            JsonNode root = Json.MAPPER.readTree(in);
            List<Template> ts = new ArrayList<>();
            for (JsonNode n : root.path("faqs")) {
                FaqEntry e = Json.MAPPER.treeToValue(n, FaqEntry.class);
                ts.add(new Template(n.path("departmentKey").asText(), e));
            }
            Map<String, String> ph = new LinkedHashMap<>();
            root.path("placeholders").fields().forEachRemaining(f -> ph.put(f.getKey(), f.getValue().asText()));
            Map<String, String> dep = new LinkedHashMap<>();
            root.path("departments").fields().forEachRemaining(f -> dep.put(f.getKey(), f.getValue().asText()));
            List<SynonymGroup> syn = List.of(Json.MAPPER.treeToValue(root.path("synonyms"), SynonymGroup[].class));
            return new TemplateCatalogue(ts, ph, dep, syn);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<Template> templates() {
        return templates;
    }

    /** Placeholder name → what to fill in (Japanese). Department placeholders take the department's name. */
    public Map<String, String> placeholders() {
        return placeholders;
    }

    /** Department key → default department name (used when the city gives none). */
    public Map<String, String> departments() {
        return departments;
    }

    /**
     * The catalogue filled with a city's facts. {@code facts} maps placeholder names (see {@link #placeholders()})
     * to text, plus {@code tel.<departmentKey>} for each department's phone extension ({@code {{dept_tel}}}).
     *
     * @param publishComplete publish the entries whose placeholders were all filled; otherwise everything is a draft
     */
    public CityKnowledge instantiate(TenantId tenant, String cityName, Map<String, String> facts,
                                     String sourceUrlBase, boolean publishComplete) {
        List<FaqEntry> out = new ArrayList<>();
        for (Template t : templates) {
            Map<String, String> local = new LinkedHashMap<>(departments);
            local.putAll(facts);
            if (facts.containsKey("tel." + t.departmentKey())) {
                local.put("dept_tel", facts.get("tel." + t.departmentKey()));
            }
            FaqEntry e = t.entry();
            Filled answer = fill(e.answer(), local);
            Filled dept = fill(e.department(), local);
            List<Phrasing> alts = new ArrayList<>();
            for (Phrasing p : e.alternatives()) {
                alts.add(new Phrasing(p.language(), fill(p.text(), local).text()));
            }
            boolean complete = answer.complete() && dept.complete();
            String base = sourceUrlBase == null ? "" : sourceUrlBase.replaceAll("/+$", "");
            out.add(new FaqEntry(e.id(), fill(e.question(), local).text(), alts, answer.text(), e.category(),
                    dept.text(), base.isEmpty() ? "" : base + "/" + e.id(), null, null, "ja",
                    publishComplete && complete ? EntryStatus.PUBLISHED : EntryStatus.DRAFT));
        }
        return new CityKnowledge(tenant, cityName, out, List.of(), synonyms);
    }

    private record Filled(String text, boolean complete) {
    }

    private static Filled fill(String s, Map<String, String> facts) {
        Matcher m = PH.matcher(s);
        StringBuilder b = new StringBuilder();
        boolean complete = true;
        while (m.find()) {
            String v = facts.get(m.group(1));
            if (v == null) {
                complete = false;
                m.appendReplacement(b, Matcher.quoteReplacement(m.group()));
            } else {
                m.appendReplacement(b, Matcher.quoteReplacement(v));
            }
        }
        m.appendTail(b);
        return new Filled(b.toString(), complete);
    }
}
