package jp.kyodo.agents.retrieval;

/**
 * How the concierge of the caller's city retrieves, for its administrators: the deployment's embedding model
 * ({@code kyodo.embeddings.provider}) and the city's own index. Nothing secret (no endpoint URL, no key).
 *
 * @param embeddingProvider {@code bundled}, {@code onnx}, {@code openai-compatible} or {@code none}
 * @param embeddingState    {@code active} (in use), {@code unavailable} (configured but not loadable: lexical signals
 *                          only) or {@code off}
 * @param embeddingModel    the model's name, or null
 * @param embeddingDimension length of the model's vectors, 0 when unknown or off
 * @param embeddingWeight   the EMBEDDING signal's weight in the fusion (0: vectors are stored but not used to rank)
 * @param indexedEntries    published FAQ entries and documents in the city's index
 * @param embeddingVectors  vectors held for them (one per question and phrasing, one per document passage)
 * @param indexCurrent      true when the index was built from the database on this server and is in use; false
 *                          while its first build (or a rebuild after a change on another server) is under way, when
 *                          the figures above are those of the copy read meanwhile
 */
public record RetrievalStatus(String embeddingProvider, String embeddingState, String embeddingModel,
                              int embeddingDimension, double embeddingWeight, int indexedEntries, int embeddingVectors,
                              boolean indexCurrent) {
}
