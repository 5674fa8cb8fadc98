package jp.kyodo.agents.retrieval;

import java.util.EnumMap;
import java.util.Map;

/**
 * Tunable parameters of the hybrid retriever. The defaults were chosen on the dev split of the evaluation set
 * (see docs/knowledge-retrieval.md and bench/knowledge); operators normally keep them.
 *
 * @param fusion          how signal rankings are combined
 * @param weights         weight of each signal in the fusion, for Japanese questions
 * @param foreignWeights  weights for questions in other languages (en, zh, ko, vi)
 * @param kanaReadingBoost factor on the READING weight for Japanese questions written without kanji
 * @param rrfK            the k constant of reciprocal-rank fusion
 * @param candidates      how many candidates each signal contributes
 * @param answerFieldWeight weight of the answer text relative to the question/phrasings in lexical signals
 * @param expansionWeight weight of synonym / cross-language expansion terms relative to the question's own terms
 * @param confidence      logistic-regression coefficients: intercept, then one per confidence feature (a shorter
 *                        array, fitted before features were added, gives the missing features weight 0)
 */
public record RetrievalSettings(Fusion fusion, Map<Signal, Double> weights, Map<Signal, Double> foreignWeights,
                                double kanaReadingBoost, double rrfK, int candidates, double answerFieldWeight,
                                double expansionWeight, double[] confidence) {
    public enum Fusion { RECIPROCAL_RANK, NORMALISED_SCORE }

    /** Names of the confidence features, in coefficient order after the intercept. */
    public static final String[] CONFIDENCE_FEATURES = {
            "kuromojiCoverage", "bigramCoverage", "readingCoverage", "cosine", "agreement", "englishCoverage",
            "fusedMargin", "unknownTermShare", "outOfScopeCue", "questionCoverage"};

    public RetrievalSettings {
        weights = Map.copyOf(weights);
        foreignWeights = Map.copyOf(foreignWeights);
        if (confidence.length < CONFIDENCE_FEATURES.length + 1) {
            // coefficients fitted before a feature was added: the new features get weight 0
            confidence = java.util.Arrays.copyOf(confidence, CONFIDENCE_FEATURES.length + 1);
        } else {
            confidence = confidence.clone();
        }
        if (confidence.length != CONFIDENCE_FEATURES.length + 1) {
            throw new IllegalArgumentException("confidence needs " + (CONFIDENCE_FEATURES.length + 1) + " coefficients");
        }
    }

    public double weight(Signal s) {
        return weights.getOrDefault(s, 0.0);
    }

    /** The weight of {@code s} for a question in {@code language}; {@code kanaOnly} for Japanese without kanji. */
    public double weight(Signal s, String language, boolean kanaOnly) {
        if (!"ja".equals(language)) {
            return foreignWeights.getOrDefault(s, 0.0);
        }
        double w = weights.getOrDefault(s, 0.0);
        return kanaOnly && s == Signal.READING ? w * kanaReadingBoost : w;
    }

    /**
     * Tuned on the dev split (bench/knowledge --tune, 2026-11): max-normalised score fusion; the bundled English-only
     * embedding model gets weight 0 (it lowered dev accuracy on Japanese and on translated questions); kana is turned
     * into the city's written forms before the word and bigram signals, so kana-only questions need no extra reading
     * boost; answer text at 0.5 of the question/phrasings. Confidence refitted (--tune-confidence, dev, demo index)
     * after the composed-reading kana fallback and with the questionCoverage feature (2026-11-22).
     */
    public static RetrievalSettings defaults() {
        Map<Signal, Double> w = new EnumMap<>(Signal.class);
        w.put(Signal.KUROMOJI, 1.0);
        w.put(Signal.READING, 0.6);
        w.put(Signal.BIGRAM, 1.0);
        w.put(Signal.EMBEDDING, 0.0);
        Map<Signal, Double> f = new EnumMap<>(Signal.class);
        f.put(Signal.KUROMOJI, 0.3);
        f.put(Signal.READING, 0.0);
        f.put(Signal.BIGRAM, 1.0);
        f.put(Signal.EMBEDDING, 0.0);
        return new RetrievalSettings(Fusion.NORMALISED_SCORE, w, f, 1.0, 20, 40, 0.5, 0.7,
                new double[]{-0.79, 0.97, 0.13, 0.45, 0.0, 0.95, 0.19, 0.74, -0.87, -1.91, 0.87});
    }

    public RetrievalSettings withWeights(Map<Signal, Double> newWeights) {
        return new RetrievalSettings(fusion, newWeights, foreignWeights, kanaReadingBoost, rrfK, candidates,
                answerFieldWeight, expansionWeight, confidence);
    }

    public RetrievalSettings withForeignWeights(Map<Signal, Double> newWeights) {
        return new RetrievalSettings(fusion, weights, newWeights, kanaReadingBoost, rrfK, candidates,
                answerFieldWeight, expansionWeight, confidence);
    }

    public RetrievalSettings withKanaReadingBoost(double boost) {
        return new RetrievalSettings(fusion, weights, foreignWeights, boost, rrfK, candidates, answerFieldWeight,
                expansionWeight, confidence);
    }

    public RetrievalSettings withFusion(Fusion f, double k) {
        return new RetrievalSettings(f, weights, foreignWeights, kanaReadingBoost, k, candidates, answerFieldWeight,
                expansionWeight, confidence);
    }

    public RetrievalSettings withConfidence(double[] coefficients) {
        return new RetrievalSettings(fusion, weights, foreignWeights, kanaReadingBoost, rrfK, candidates,
                answerFieldWeight, expansionWeight, coefficients);
    }

    public RetrievalSettings withFieldWeights(double answerField, double expansion) {
        return new RetrievalSettings(fusion, weights, foreignWeights, kanaReadingBoost, rrfK, candidates, answerField,
                expansion, confidence);
    }
}
