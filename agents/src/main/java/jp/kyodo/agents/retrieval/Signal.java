package jp.kyodo.agents.retrieval;

/** The retrieval signals that are fused into one ranking. */
public enum Signal {
    /** BM25 over kuromoji base forms (plus English words of translated phrasings). */
    KUROMOJI,
    /** BM25 over character bigrams of the katakana reading, so hiragana questions meet kanji entries. */
    READING,
    /** BM25 over CJK character bigrams of the normalised surface text. */
    BIGRAM,
    /** Cosine similarity of LangChain4j embeddings. */
    EMBEDDING
}
