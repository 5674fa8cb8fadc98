package jp.kyodo.agents.retrieval;

import jp.kyodo.agents.knowledgebase.CityKnowledge;
import java.util.List;
import java.util.Map;

/**
 * A city's knowledge with its embedding vectors already computed ({@link KnowledgeIndex#prepare}): the slow part of
 * a rebuild, done before anything is written, so that {@link KnowledgeIndex#replaceAll(PreparedKnowledge)} only writes
 * and the index keeps answering from its previous content meanwhile. {@code faqVectors}: per FAQ entry of
 * {@code knowledge} (same order) its question's and phrasings' unit vectors, null without a model;
 * {@code passageVectors}: per document id its passages' unit vectors in order, empty without a model.
 */
public record PreparedKnowledge(CityKnowledge knowledge, List<float[][]> faqVectors,
                                Map<String, List<float[]>> passageVectors) {
}
