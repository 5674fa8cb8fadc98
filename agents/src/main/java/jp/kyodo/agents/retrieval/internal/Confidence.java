package jp.kyodo.agents.retrieval.internal;

import jp.kyodo.agents.retrieval.OutOfScopeCues;
import jp.kyodo.agents.retrieval.TextNormalizer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.kyodo.agents.retrieval.RetrievalSettings;
import jp.kyodo.agents.retrieval.Signal;

/**
 * Confidence that the first hit answers the question: a logistic model over features that describe how well the
 * hit covers the question (see {@link RetrievalSettings#CONFIDENCE_FEATURES}). Coefficients are fitted on the dev
 * split of the evaluation set by the benchmark's tuner.
 */
public final class Confidence {
    /**
     * A signal's query terms, its expansion terms, and their idf in the tenant's index (-1 = unknown there).
     * {@code standIn}: the expansion terms that stand for one of the question's own words (the shared abbreviations
     * and readings: 国保 → 国民健康保険), and {@code replaced}: the question's terms they stand for; a hit is then
     * measured on the question's other words together with the stand-ins, not on the stand-ins alone.
     */
    record Terms(List<String> query, List<String> expansion, Map<String, Double> idf, List<String> standIn,
                 List<String> replaced) {
        Terms(List<String> query, List<String> expansion, Map<String, Double> idf) {
            this(query, expansion, idf, List.of(), List.of());
        }
    }

    /**
     * Session 14 (dev only): with the shared abbreviations a question whose abbreviation's full form an entry contains
     * (国保 → 国民健康保険) read as 90 % covered by that entry whatever else it asked (脱退 or 加入), and wrong direct
     * answers rose. {@code -Dkyodo.retrieval.expansionCoverage}: {@code max} = the former measure (every expansion
     * alone), {@code abbreviations} = abbreviations with the question's words, other expansions alone.
     */
    static final String EXPANSION_COVERAGE = System.getProperty("kyodo.retrieval.expansionCoverage", "max");

    private Confidence() {
    }

    static double[] features(String question, Candidate top, Terms kuromoji, Terms bigram, Terms reading, List<String> english,
                             Map<Signal, TenantKnowledgeIndex.Ranked> ranked, List<Fusion.Scored> fused) {
        double[] x = new double[RetrievalSettings.CONFIDENCE_FEATURES.length];
        x[0] = coverage(kuromoji, top.kuromojiTerms());
        x[1] = coverage(bigram, top.bigramTerms());
        x[2] = coverage(reading, top.readingTerms());
        TenantKnowledgeIndex.Ranked dense = ranked.get(Signal.EMBEDDING);
        if (dense != null && !dense.keys().isEmpty()) {
            int i = dense.keys().indexOf(top.key());
            x[3] = i >= 0 ? dense.scores().get(i) : dense.scores().get(dense.scores().size() - 1);
        }
        int agree = 0, active = 0;
        for (TenantKnowledgeIndex.Ranked r : ranked.values()) {
            if (!r.keys().isEmpty()) {
                active++;
                if (r.keys().get(0).equals(top.key())) {
                    agree++;
                }
            }
        }
        x[4] = active == 0 ? 0 : (double) agree / active;
        x[5] = plainCoverage(english, top.englishTerms());
        if (fused.size() >= 2 && fused.get(0).score() > 0) {
            x[6] = (fused.get(0).score() - fused.get(1).score()) / fused.get(0).score();
        } else {
            x[6] = fused.isEmpty() ? 0 : 1;
        }
        int unknown = 0;
        for (String t : kuromoji.query()) {
            if (kuromoji.idf().getOrDefault(t, -1.0) < 0) {
                unknown++;
            }
        }
        x[7] = kuromoji.query().isEmpty() ? 0 : (double) unknown / kuromoji.query().size();
        x[8] = OutOfScopeCues.defaults().feature(TextNormalizer.normalize(question),
                TextNormalizer.normalize(top.title() + "\n" + top.text()));
        // the question's words found in what the hit is about (its question and phrasings, or a passage's title), not
        // merely somewhere in its answer: an unsure in-scope question usually names the entry's topic, an
        // out-of-scope one tends to meet incidental words of an answer
        x[9] = coverage(kuromoji, top.questionTerms());
        return x;
    }

    /** idf-weighted share of the question's terms found in the hit (expansion terms count at 0.9). */
    static double coverage(Terms t, Set<String> doc) {
        double q = weighted(t.query(), t.idf(), doc);
        if (t.standIn().isEmpty()) {
            return Math.max(q, 0.9 * weighted(t.expansion(), t.idf(), doc));
        }
        List<String> alone = new java.util.ArrayList<>(t.expansion());
        alone.removeAll(t.standIn());
        List<String> with = new java.util.ArrayList<>(t.query());
        with.removeAll(t.replaced());
        with.addAll(t.standIn());
        return Math.max(q, 0.9 * Math.max(weighted(alone, t.idf(), doc), weighted(with, t.idf(), doc)));
    }

    private static double weighted(List<String> terms, Map<String, Double> idf, Set<String> doc) {
        double all = 0, hit = 0, maxIdf = 0;
        for (double v : idf.values()) {
            maxIdf = Math.max(maxIdf, v);
        }
        for (String t : terms) {
            double w = idf.getOrDefault(t, -1.0);
            if (w < 0) {
                w = Math.max(1, maxIdf); // unknown to the city: as informative as its rarest term
            }
            all += w;
            if (doc.contains(t)) {
                hit += w;
            }
        }
        return all == 0 ? 0 : hit / all;
    }

    static double plainCoverage(List<String> query, Set<String> doc) {
        if (query.isEmpty()) {
            return 0;
        }
        int hit = 0;
        for (String t : query) {
            if (doc.contains(t)) {
                hit++;
            }
        }
        return (double) hit / query.size();
    }

    public static double probability(double[] x, double[] coefficients) {
        double z = coefficients[0];
        for (int i = 0; i < x.length; i++) {
            z += coefficients[i + 1] * x[i];
        }
        return 1 / (1 + Math.exp(-z));
    }
}
