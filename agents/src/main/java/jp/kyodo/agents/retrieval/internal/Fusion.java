package jp.kyodo.agents.retrieval.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.kyodo.agents.retrieval.RetrievalSettings;
import jp.kyodo.agents.retrieval.Signal;

/** Combines the per-signal rankings: weighted reciprocal-rank fusion or weighted max-normalised score sum. */
final class Fusion {
    record Scored(String key, double score, Map<Signal, Integer> ranks) {
    }

    /** Highest score first; equal scores by key, so that an order never depends on a map's iteration. */
    static final java.util.Comparator<Scored> BY_SCORE = (a, b) -> {
        int c = Double.compare(b.score(), a.score());
        return c != 0 ? c : a.key().compareTo(b.key());
    };

    private Fusion() {
    }

    static List<Scored> fuse(Map<Signal, TenantKnowledgeIndex.Ranked> ranked, RetrievalSettings settings,
                             String language, boolean kanaOnly) {
        Map<String, double[]> score = new HashMap<>();
        Map<String, Map<Signal, Integer>> ranks = new HashMap<>();
        boolean single = ranked.size() == 1;
        for (Map.Entry<Signal, TenantKnowledgeIndex.Ranked> e : ranked.entrySet()) {
            Signal s = e.getKey();
            double w = single ? 1.0 : settings.weight(s, language, kanaOnly);
            if (w <= 0) {
                continue;
            }
            List<String> keys = e.getValue().keys();
            List<Double> raw = e.getValue().scores();
            double max = raw.isEmpty() ? 1 : Math.max(1e-9, raw.get(0));
            double min = raw.isEmpty() ? 0 : raw.get(raw.size() - 1);
            for (int i = 0; i < keys.size(); i++) {
                String k = keys.get(i);
                ranks.computeIfAbsent(k, x -> new EnumMap<>(Signal.class)).putIfAbsent(s, i + 1);
                double add;
                if (settings.fusion() == RetrievalSettings.Fusion.RECIPROCAL_RANK) {
                    add = w / (settings.rrfK() + i + 1);
                } else if (s == Signal.EMBEDDING) {
                    add = w * (max - min < 1e-9 ? 1 : (raw.get(i) - min) / (max - min));
                } else {
                    add = w * raw.get(i) / max;
                }
                score.computeIfAbsent(k, x -> new double[1])[0] += add;
            }
        }
        List<Scored> out = new ArrayList<>(score.size());
        for (Map.Entry<String, double[]> e : score.entrySet()) {
            out.add(new Scored(e.getKey(), e.getValue()[0], Collections.unmodifiableMap(ranks.get(e.getKey()))));
        }
        out.sort(BY_SCORE);
        return out;
    }
}
