package jp.kyodo.agents.retrieval.internal;

import java.util.List;

/**
 * The first stage's best candidates of one search in the first stage's order, with each one's {@link Reranker}
 * features and confidence features as if it were the answer (tuning harness only).
 */
public record CandidateFeatures(List<String> entryIds, double[][] rerank, double[][] confidence) {
}
