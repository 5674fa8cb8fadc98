package jp.kyodo.agents.knowledge;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.nio.file.Path;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Embedding models for the EMBEDDING signal. Any LangChain4j {@link EmbeddingModel} works (pass it to
 * {@link KnowledgeIndexes}); these are the in-process choices that need no network.
 */
public final class KnowledgeEmbeddings {
    private static final Logger LOG = Logger.getLogger(KnowledgeEmbeddings.class.getName());
    private static volatile Optional<EmbeddingModel> bundled;

    private KnowledgeEmbeddings() {
    }

    /**
     * LangChain4j's bundled all-MiniLM-L6-v2 (ONNX, in process), shared per JVM because its native libraries can be
     * loaded only once per JVM; empty when the native runtime cannot be loaded here (the lexical signals still work).
     */
    public static Optional<EmbeddingModel> bundled() {
        Optional<EmbeddingModel> m = bundled;
        if (m == null) {
            synchronized (KnowledgeEmbeddings.class) {
                m = bundled;
                if (m == null) {
                    try {
                        EmbeddingModel model = new AllMiniLmL6V2EmbeddingModel();
                        model.embed("テスト");
                        m = Optional.of(model);
                    } catch (Throwable t) { // UnsatisfiedLinkError, missing ONNX runtime, …
                        LOG.log(Level.WARNING, "bundled embedding model unavailable; lexical retrieval only", t);
                        m = Optional.empty();
                    }
                    bundled = m;
                }
            }
        }
        return m;
    }

    /**
     * An OpenAI-compatible embeddings endpoint ({@code POST <baseUrl>/embeddings}: OpenAI, Azure OpenAI, vLLM, Ollama,
     * text-embeddings-inference …) as a LangChain4j model. This is how a deployed Kyodo gets an embedding signal: the
     * application itself carries no model or native library.
     */
    public static EmbeddingModel openAiCompatible(String baseUrl, String modelName, String apiKey, java.time.Duration timeout) {
        return dev.langchain4j.model.openai.OpenAiEmbeddingModel.builder().baseUrl(baseUrl).modelName(modelName)
                .apiKey(apiKey == null || apiKey.isBlank() ? "none" : apiKey).timeout(timeout).maxRetries(1).build();
    }

    /**
     * Retrieval settings for a deployment with an embedding model: the defaults with the EMBEDDING signal at
     * {@code weight} (Japanese and other languages alike). Measure the model with {@code bench/knowledge} first and
     * take the weight the numbers justify; the defaults give it 0 because no in-process model reads Japanese well.
     */
    public static RetrievalSettings withEmbeddingWeight(RetrievalSettings base, double weight) {
        java.util.Map<Signal, Double> w = new java.util.EnumMap<>(Signal.class);
        w.putAll(base.weights());
        w.put(Signal.EMBEDDING, weight);
        java.util.Map<Signal, Double> f = new java.util.EnumMap<>(Signal.class);
        f.putAll(base.foreignWeights());
        f.put(Signal.EMBEDDING, weight);
        return base.withWeights(w).withForeignWeights(f);
    }

    /** An operator-supplied ONNX sentence-embedding model (e.g. a multilingual one) from files on disk. */
    public static EmbeddingModel onnx(Path model, Path tokenizerJson, boolean meanPooling) {
        return new OnnxEmbeddingModel(model, tokenizerJson, meanPooling ? PoolingMode.MEAN : PoolingMode.CLS);
    }
}
