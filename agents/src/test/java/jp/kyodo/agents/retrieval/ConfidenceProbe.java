package jp.kyodo.agents.retrieval;

import jp.kyodo.agents.retrieval.internal.Confidence;
import jp.kyodo.agents.retrieval.internal.LuceneKnowledgeIndexes;

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

    /** The model's probability for these features and weights. */
    public static double probability(double[] features, double[] weights) {
        return Confidence.probability(features, weights);
    }

    /** An L2-regularised logistic fit of the confidence model's weights (intercept first), as the bench's tuner fits it. */
    public static double[] fitLogistic(java.util.List<double[]> xs, java.util.List<Integer> ys, double l2, int iterations) {
        return KnowledgeBench.Tuner.fitLogistic(xs, ys, l2, iterations);
    }
}
