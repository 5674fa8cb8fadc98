package jp.kyodo.agents.retrieval;

import jp.kyodo.agents.retrieval.internal.Confidence;
import jp.kyodo.agents.retrieval.internal.LuceneKnowledgeIndexes;
import jp.kyodo.agents.retrieval.internal.Reranker;

/**
 * The benches' view of the confidence model's inputs (bench/knowledge --refit-confidence): the capability's own test
 * code reaches into its internals here, so the concierge's benches need not.
 */
public final class ConfidenceProbe {

    private ConfidenceProbe() {
    }

    /** The features of the confidence model for the last search on this thread. */
    public static double[] lastFeatures() {
        return LuceneKnowledgeIndexes.lastConfidenceFeatures();
    }

    /**
     * For the last search on this thread (while capturing): the fewest FAQ entries whose own question holds one of the
     * question's words that the first candidate's question holds (Integer.MAX_VALUE = none; 1 = only that entry).
     */
    public static int lastAnchorTitles() {
        return LuceneKnowledgeIndexes.lastAnchorTitles();
    }

    /** For the last search on this thread (while capturing): {unknown kanji/katakana words of the question, expansion terms}. */
    public static int[] lastUnknownWords() {
        return LuceneKnowledgeIndexes.lastUnknownWords();
    }

    /** The first stage's best candidates of one search, in its order, with their re-ranker and confidence features. */
    public record Candidates(java.util.List<String> entryIds, double[][] rerank, double[][] confidence) {
    }

    /** The first stage's best candidates of the last search on this thread (null when none were recorded). */
    public static Candidates lastCandidates() {
        var c = LuceneKnowledgeIndexes.lastCandidates();
        return c == null ? null : new Candidates(c.entryIds(), c.rerank(), c.confidence());
    }

    /** Record {@link #lastCandidates()} on every search, with the re-ranker off too. */
    public static void captureCandidates(boolean on) {
        LuceneKnowledgeIndexes.captureCandidates(on);
    }

    /** The re-ranker's choice among candidates' features under coefficients {@code w} and margin {@code m}. */
    public static int rerankChoice(double[][] features, double[] w, double m) {
        return Reranker.choose(features, w, m);
    }

    public static int rerankFeatureCount() {
        return Reranker.FEATURES.length;
    }

    /** The shipped re-ranker coefficients (null = off) and margin. */
    public static double[] rerankShipped() {
        return Reranker.shipped();
    }

    public static double rerankShippedMargin() {
        return Reranker.shippedMargin();
    }

    /** The model's probability for these features and weights. */
    public static double probability(double[] features, double[] weights) {
        return Confidence.probability(features, weights);
    }

    /** An L2-regularised logistic fit of the confidence model's weights (intercept first), as the bench's tuner fits it. */
    public static double[] fitLogistic(java.util.List<double[]> xs, java.util.List<Integer> ys, double l2, int iterations) {
        return KnowledgeBench.Tuner.fitLogistic(xs, ys, l2, iterations);
    }
}
