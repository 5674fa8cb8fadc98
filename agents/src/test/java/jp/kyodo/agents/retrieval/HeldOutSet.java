package jp.kyodo.agents.retrieval;

import jp.kyodo.agents.knowledgebase.CityKnowledge;
import jp.kyodo.agents.knowledgebase.EntryStatus;
import jp.kyodo.agents.knowledgebase.FaqEntry;
import jp.kyodo.agents.knowledgebase.ImportPreview;
import jp.kyodo.agents.knowledgebase.KnowledgeCsv;
import jp.kyodo.agents.knowledgebase.TemplateCatalogue;
import jp.kyodo.agents.knowledgebase.TenantId;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A held-out city: a plain knowledge base (one question and one answer per entry, as a city's FAQ export) and its
 * residents' questions, in {@code src/test/resources/knowledge/heldout/} (see the README there).
 */
public record HeldOutSet(String name, String cityName, TenantId tenant, List<FaqEntry> entries, List<Case> cases) {

    /** kind: in-scope, out-of-scope, other-city, injection. */
    public record Case(String id, String question, Set<String> expected, String kind) {
        boolean inScope() {
            return !expected.isEmpty();
        }
    }

    /**
     * The plain dev knowledge bases of the leave-one-KB-out folds (鷹野市 and 小鳩島村 since session 16, 花水町 and 北浦市 since
     * session 26).
     */
    static final List<String> NAMES = List.of("shirakaba", "shiomi", "takano", "kobato", "hanamizu", "kitaura");

    /**
     * Sealed knowledge bases ({@code src/test/resources/knowledge/sealed/}): evaluated only with
     * {@code bench/knowledge --sealed}, aggregate figures only, never tuned on or inspected question by question.
     * Each is "directory/name": 霧沢村 (session 7), 湊川市ひかり区 (session 9, {@code sealed2/}), 柚葉市 (session 12,
     * {@code sealed3/}) and 蒼峰市 (session 26, {@code sealed4/}).
     */
    static final List<String> SEALED = List.of("sealed/kirisawa", "sealed2/hikari", "sealed3/yuzuha", "sealed4/aomine");

    public static List<HeldOutSet> all() {
        return NAMES.stream().map(n -> load("heldout", n)).toList();
    }

    public static List<HeldOutSet> sealed() {
        return SEALED.stream().map(n -> load(n.substring(0, n.indexOf('/')), n.substring(n.indexOf('/') + 1))).toList();
    }

    public static HeldOutSet load(String name) {
        return load("heldout", name);
    }

    public static HeldOutSet load(String dir, String name) {
        try (InputStream kb = resource(dir, name + ".csv"); InputStream qs = resource(dir, name + ".questions.json")) {
            ImportPreview p = KnowledgeCsv.preview(kb.readAllBytes());
            if (!p.errors().isEmpty()) {
                throw new IllegalStateException(name + ": " + p.errors());
            }
            JsonNode root = new ObjectMapper().readTree(qs);
            List<Case> cases = new ArrayList<>();
            for (JsonNode c : root.path("cases")) {
                Set<String> exp = new HashSet<>();
                c.path("expected").forEach(x -> exp.add(x.asText()));
                cases.add(new Case(c.path("id").asText(), c.path("question").asText(), exp, "in-scope"));
            }
            for (JsonNode c : root.path("outOfScope")) {
                cases.add(new Case(c.path("id").asText(), c.path("question").asText(), Set.of(), c.path("kind").asText()));
            }
            return new HeldOutSet(name, root.path("city").asText(), TenantId.of(root.path("tenant").asText()),
                    p.entries(), List.copyOf(cases));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resource(String dir, String file) {
        InputStream in = HeldOutSet.class.getResourceAsStream("/knowledge/" + dir + "/" + file);
        if (in == null) {
            throw new IllegalArgumentException("no held-out file " + file);
        }
        return in;
    }

    /** The entries as the city publishes them after the import (the export has no status column). */
    public List<FaqEntry> published() {
        return entries.stream().map(e -> new FaqEntry(e.id(), e.question(), e.alternatives(), e.answer(), e.category(),
                e.department(), e.sourceUrl(), e.validFrom(), e.validTo(), e.language(), EntryStatus.PUBLISHED)).toList();
    }

    public void indexInto(KnowledgeIndexes idx) {
        if (WITH_TEMPLATES) {
            indexWithTemplatesInto(idx);
        } else {
            idx.forTenant(tenant).replaceAll(new CityKnowledge(tenant, cityName, published(), List.of(), List.of()));
        }
    }

    /** As a city onboarded through the vendor API has it: its CSV beside the national templates its name completes. */
    public void indexWithTemplatesInto(KnowledgeIndexes idx) {
        CityKnowledge templates = TemplateCatalogue.national().instantiate(tenant, cityName,
                java.util.Map.of("city", cityName), null, true);
        List<FaqEntry> all = new ArrayList<>(published());
        templates.faqs().stream().filter(e -> e.status() == EntryStatus.PUBLISHED).forEach(all::add);
        idx.forTenant(tenant).replaceAll(new CityKnowledge(tenant, cityName, all, List.of(), templates.synonyms()));
    }

    /**
     * Session 29 ({@code -Dkyodo.bench.withTemplates=true}): each plain city's CSV beside the national templates, as
     * onboarding publishes them. An answer from a template counts as wrong (the labels name the city's own entries),
     * although most are on the same national procedure.
     */
    static final boolean WITH_TEMPLATES = Boolean.getBoolean("kyodo.bench.withTemplates");
}
