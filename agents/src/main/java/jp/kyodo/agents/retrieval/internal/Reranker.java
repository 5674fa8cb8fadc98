package jp.kyodo.agents.retrieval.internal;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Second stage over the first stage's best few candidates (at most {@link #DEPTH}): each candidate is described as if
 * it were the answer — the confidence model's coverage and margin features for it, its fused score relative to the
 * first, how much of the question its own question (not its answer) covers in words, bigrams and readings, and how
 * much of its own question the resident's question covers — and a linear score over these picks the answer. The
 * first candidate stays first unless another one scores at least {@link #margin} more.
 *
 * <p>Coefficients are fitted by the held-out bench (softmax over the candidates, dev knowledge bases only, fitted
 * leave-one-city-out for its report); {@code null} switches the stage off ({@code -Dkyodo.retrieval.rerank=false}).
 */
public final class Reranker {
    /** How many of the first stage's candidates the second stage looks at. */
    public static final int DEPTH = 3;

    public static final String[] FEATURES = {
            "kuromojiCoverage", "bigramCoverage", "readingCoverage", "agreement", "marginAsFirst", "outOfScopeCue",
            "questionCoverage", "scoreRatio", "questionBigramCoverage", "questionReadingCoverage",
            "titleWordsCovered", "titleBigramsCovered"};

    /** Shipped coefficients (see docs/knowledge-retrieval.md, "Session 14"); null = off. */
    static final double[] SHIPPED = null;
    static final double SHIPPED_MARGIN = 0;

    private static volatile double[] coefficients = Boolean.parseBoolean(
            System.getProperty("kyodo.retrieval.rerank", "true")) ? SHIPPED : null;
    private static volatile double margin = SHIPPED_MARGIN;

    private Reranker() {
    }

    /** For benches: other coefficients (null = off) and margin for this JVM. */
    public static void override(double[] w, double m) {
        coefficients = w == null ? null : w.clone();
        margin = m;
    }

    public static double[] shipped() {
        return SHIPPED == null ? null : SHIPPED.clone();
    }

    public static double shippedMargin() {
        return SHIPPED_MARGIN;
    }

    static boolean on() {
        return coefficients != null;
    }

    /** The re-ranker's features of one candidate, from its confidence features {@code x} (as if it were first). */
    static double[] features(double[] x, double scoreRatio, Confidence.Terms bigram, Confidence.Terms reading,
                             Set<String> titleBigrams, Set<String> titleReadings, List<String> titleWords,
                             List<String> queryWords, List<String> titleBigramList, List<String> queryBigrams) {
        return new double[]{x[0], x[1], x[2], x[4], x[6], x[8], x[9], scoreRatio,
                Confidence.coverage(bigram, titleBigrams), Confidence.coverage(reading, titleReadings),
                share(titleWords, queryWords), share(titleBigramList, queryBigrams)};
    }

    /** Share of {@code of}'s distinct terms found in {@code in}. */
    static double share(List<String> of, List<String> in) {
        Set<String> a = new HashSet<>(of);
        if (a.isEmpty()) {
            return 0;
        }
        Set<String> b = new HashSet<>(in);
        int hit = 0;
        for (String t : a) {
            if (b.contains(t)) {
                hit++;
            }
        }
        return (double) hit / a.size();
    }

    static double score(double[] f, double[] w) {
        double z = 0;
        for (int i = 0; i < f.length && i < w.length; i++) {
            z += w[i] * f[i];
        }
        return z;
    }

    /** The index of the candidate to answer with (0 = the first stage's first). */
    static int choose(double[][] f) {
        double[] w = coefficients;
        if (w == null || f.length < 2) {
            return 0;
        }
        return choose(f, w, margin);
    }

    public static int choose(double[][] f, double[] w, double m) {
        double first = score(f[0], w);
        int best = 0;
        double bestScore = first + m;
        for (int i = 1; i < f.length; i++) {
            double s = score(f[i], w);
            if (s > bestScore) {
                best = i;
                bestScore = s;
            }
        }
        return best;
    }
}
