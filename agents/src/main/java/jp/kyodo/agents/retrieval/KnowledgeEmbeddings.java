package jp.kyodo.agents.retrieval;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.spi.model.embedding.EmbeddingModelFactory;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
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
     * The bundled in-process model (ONNX, no network): the LangChain4j model artifact on the class path (root pom
     * {@code embeddings.model.artifactId}, all-MiniLM-L6-v2 today), found through the {@link EmbeddingModelFactory} it
     * registers. Shared per JVM because its native libraries can be loaded only once per JVM (in Liberty the model is
     * a shared library, see docs/knowledge-retrieval.md). Empty, after ONE warning, when no model is on the class path
     * or the native runtime cannot be loaded here: the lexical signals still work.
     */
    public static Optional<EmbeddingModel> bundled() {
        Optional<EmbeddingModel> m = bundled;
        if (m == null) {
            synchronized (KnowledgeEmbeddings.class) {
                m = bundled;
                if (m == null) {
                    m = loadBundled();
                    bundled = m;
                }
            }
        }
        return m;
    }

    private static Optional<EmbeddingModel> loadBundled() {
        try {
            List<EmbeddingModelFactory> factories = factories();
            if (factories.isEmpty()) {
                LOG.warning("[kyodo] no bundled embedding model on the class path (in Liberty: the shared library "
                        + "\"embeddings\" is missing or not referenced); knowledge retrieval uses the lexical signals only");
                return Optional.empty();
            }
            EmbeddingModelFactory factory = factories.get(0);
            EmbeddingModel model = factory.create();
            model.embed("テスト"); // loads ONNX Runtime and the tokenizer's native library now, not at the first question
            if (factories.size() > 1) {
                LOG.warning("[kyodo] several bundled embedding models on the class path; using "
                        + factory.getClass().getName());
            }
            return Optional.of(model);
        } catch (Throwable t) { // UnsatisfiedLinkError, a missing ONNX Runtime class, an unsupported platform …
            LOG.log(Level.WARNING, "[kyodo] bundled embedding model unavailable (" + t
                    + "); knowledge retrieval uses the lexical signals only", t);
            return Optional.empty();
        }
    }

    /** The model factories visible from LangChain4j's own class loader (the shared library in Liberty) or from ours. */
    private static List<EmbeddingModelFactory> factories() {
        List<EmbeddingModelFactory> found = new java.util.ArrayList<>();
        java.util.Set<String> names = new java.util.HashSet<>();
        for (ClassLoader cl : new ClassLoader[] {EmbeddingModelFactory.class.getClassLoader(),
                KnowledgeEmbeddings.class.getClassLoader()}) {
            if (cl == null) {
                continue;
            }
            for (EmbeddingModelFactory f : ServiceLoader.load(EmbeddingModelFactory.class, cl)) {
                if (names.add(f.getClass().getName())) {
                    found.add(f);
                }
            }
        }
        found.sort(Comparator.comparing(f -> f.getClass().getName()));
        return found;
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
     * An embeddings call that was refused because the calling thread has a database transaction open (issue 10,
     * item 8): a slow or hanging embedding model must never hold a connection or a lock. A programming error where an
     * index is built or changed; a search inside a transaction answers on its lexical signals instead.
     */
    public static final class InTransaction extends IllegalStateException {
        public InTransaction() {
            super("an embeddings call inside a database transaction");
        }
    }

    /**
     * {@code model}, each of its embeddings calls refused ({@link InTransaction}) while {@code inTransaction} says the
     * calling thread has a database transaction open; its name is passed through, its dimension asked of the model.
     */
    public static EmbeddingModel outsideTransactions(EmbeddingModel model, java.util.function.BooleanSupplier inTransaction) {
        return new OutsideTransactions(model, inTransaction);
    }

    private record OutsideTransactions(EmbeddingModel model, java.util.function.BooleanSupplier inTransaction)
            implements EmbeddingModel {

        private void check() {
            if (inTransaction.getAsBoolean()) {
                throw new InTransaction();
            }
        }

        @Override
        public dev.langchain4j.model.embedding.response.EmbeddingResponse embed(
                dev.langchain4j.model.embedding.request.EmbeddingRequest request) {
            check();
            return model.embed(request);
        }

        @Override
        public dev.langchain4j.model.embedding.response.EmbeddingResponse doEmbed(
                dev.langchain4j.model.embedding.request.EmbeddingRequest request) {
            check();
            return model.doEmbed(request);
        }

        @Override
        public dev.langchain4j.model.output.Response<dev.langchain4j.data.embedding.Embedding> embed(String text) {
            check();
            return model.embed(text);
        }

        @Override
        public dev.langchain4j.model.output.Response<dev.langchain4j.data.embedding.Embedding> embed(
                dev.langchain4j.data.segment.TextSegment segment) {
            check();
            return model.embed(segment);
        }

        @Override
        public dev.langchain4j.model.output.Response<List<dev.langchain4j.data.embedding.Embedding>> embedAll(
                List<dev.langchain4j.data.segment.TextSegment> segments) {
            check();
            return model.embedAll(segments);
        }

        @Override
        public int dimension() {
            check(); // a remote model learns its dimension by embedding a text
            return model.dimension();
        }

        @Override
        public String modelName() {
            return model.modelName();
        }
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

    /**
     * An operator-supplied ONNX sentence-embedding model (e.g. a multilingual one) from files on disk: the model file
     * and the HuggingFace {@code tokenizer.json}; mean pooling for most sentence-transformers models, CLS pooling
     * (false) for BGE-style models. Throws when the files or the native runtime cannot be loaded.
     */
    public static EmbeddingModel onnx(Path model, Path tokenizerJson, boolean meanPooling) {
        return new OnnxEmbeddingModel(model, tokenizerJson, meanPooling ? PoolingMode.MEAN : PoolingMode.CLS);
    }
}
