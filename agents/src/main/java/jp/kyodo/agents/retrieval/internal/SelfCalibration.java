package jp.kyodo.agents.retrieval.internal;

import jp.kyodo.agents.knowledgebase.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import jp.kyodo.agents.retrieval.Calibration;
import jp.kyodo.agents.knowledgebase.FaqEntry;
import jp.kyodo.agents.retrieval.KnowledgeIndex;
import jp.kyodo.agents.knowledgebase.Phrasing;
import jp.kyodo.agents.retrieval.SearchOptions;
import jp.kyodo.agents.retrieval.SearchResult;

/**
 * Measures a city's {@link Calibration} on its own index: each entry's question reduced to its topic words, the same
 * typed in hiragana, and its Japanese phrasings (an operator's approved proposal adds one), searched as a resident
 * would; plus the shipped out-of-scope probes ({@code knowledge/glossary/calibration-probes.json}). At most
 * {@link #MAX_ENTRIES} entries are sampled (evenly), so a large city costs the same as a mid-sized one.
 */
final class SelfCalibration {
    static final int MAX_ENTRIES = 150;
    private static final int MAX_PHRASINGS = 2;
    private static final List<String> PROBES = load();

    private SelfCalibration() {
    }

    static Calibration measure(KnowledgeIndex index, JapaneseAnalysis analysis, List<FaqEntry> live) {
        if (live.isEmpty()) {
            return Calibration.NONE;
        }
        SearchOptions one = SearchOptions.defaults().withLimit(1);
        double[] probes = new double[PROBES.size()];
        for (int i = 0; i < probes.length; i++) {
            probes[i] = index.search(PROBES.get(i), one).confidence();
        }
        List<Double> self = new ArrayList<>();
        int queries = 0, top1 = 0;
        double step = Math.max(1.0, (double) live.size() / MAX_ENTRIES);
        for (double x = 0; x < live.size(); x += step) {
            FaqEntry e = live.get((int) x);
            for (String q : queries(e, analysis)) {
                SearchResult r = index.search(q, one);
                queries++;
                if (!r.hits().isEmpty() && r.hits().get(0).entryId().equals(e.id())) {
                    top1++;
                    self.add(r.confidence());
                }
            }
        }
        return new Calibration(probes, self.stream().mapToDouble(Double::doubleValue).toArray(),
                queries == 0 ? 0 : (double) top1 / queries, queries);
    }

    /** How residents would ask for this entry without knowing its wording: topic words, in kanji and in kana. */
    static List<String> queries(FaqEntry e, JapaneseAnalysis analysis) {
        Set<String> out = new LinkedHashSet<>();
        if ("ja".equals(e.language())) {
            String topic = analysis.contentText(e.question()).strip();
            if (!topic.isEmpty()) {
                out.add(topic);
                String kana = hiragana(analysis.reading(topic)).replace(" ", "");
                if (kana.length() >= 2) {
                    out.add(kana);
                }
            }
        }
        // the newest Japanese phrasings (an approved operator proposal is appended last)
        List<String> ja = e.alternatives().stream().filter(p -> "ja".equals(p.language())).map(Phrasing::text).toList();
        out.addAll(ja.subList(Math.max(0, ja.size() - MAX_PHRASINGS), ja.size()));
        return List.copyOf(out);
    }

    static String hiragana(String katakana) {
        StringBuilder b = new StringBuilder(katakana.length());
        katakana.codePoints().forEach(c -> b.appendCodePoint(c >= 0x30A1 && c <= 0x30F6 ? c - 0x60 : c));
        return b.toString();
    }

    private static List<String> load() {
        try (InputStream in = SelfCalibration.class.getResourceAsStream("/knowledge/glossary/calibration-probes.json")) {
            JsonNode root = Json.MAPPER.readTree(in);
            List<String> out = new ArrayList<>();
            root.path("probes").forEach(p -> out.add(p.asText()));
            return List.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
