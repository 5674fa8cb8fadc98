/**
 * Retrieval: searching one city's knowledge. {@link jp.kyodo.agents.retrieval.KnowledgeIndexes} holds one Lucene index
 * per city; {@link jp.kyodo.agents.retrieval.KnowledgeIndex} is the view of exactly one city, so a search can never be
 * pointed at another city by the question text; a search ({@link jp.kyodo.agents.retrieval.SearchOptions}) gives a
 * {@link jp.kyodo.agents.retrieval.SearchResult} of {@link jp.kyodo.agents.retrieval.SearchHit}s with a confidence,
 * fused from lexical and embedding {@link jp.kyodo.agents.retrieval.Signal}s
 * ({@link jp.kyodo.agents.retrieval.RetrievalSettings}, {@link jp.kyodo.agents.retrieval.KnowledgeEmbeddings}) and
 * calibrated per city ({@link jp.kyodo.agents.retrieval.Calibration}). In the application,
 * {@link jp.kyodo.agents.retrieval.KnowledgeBases} keeps the cities' indexes (built from the knowledge base, updated
 * after each commit, {@link jp.kyodo.agents.retrieval.RetrievalStatus}) and hands out the concierge and the reply
 * drafter of the current request's city. Analysis, Lucene, fusion and confidence live in {@code .internal}.
 */
package jp.kyodo.agents.retrieval;
