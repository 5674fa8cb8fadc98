package jp.kyodo.agents.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.eclipse.microprofile.config.spi.Converter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kyodo.embeddings.provider: what each value gives, and that nothing a model cannot load stops the application. */
class EmbeddingProviderTest {

    @TempDir
    Path dir;

    @Test
    void theDefaultIsLexicalOnly() {
        KnowledgeBases.Embeddings e = resolve(Map.of());
        assertEquals(KnowledgeBases.DEFAULT_PROVIDER, e.provider());
        assertEquals("none", e.provider(), "see KnowledgeBases.DEFAULT_PROVIDER for when to change it");
        assertEquals("off", e.state());
        assertNull(e.model());
    }

    @Test
    void bundledKeepsTheTunedWeight() {
        KnowledgeBases.Embeddings e = resolve(Map.of("kyodo.embeddings.provider", "bundled"));
        assertEquals("bundled", e.provider());
        assertEquals("active", e.state());
        assertNotNull(e.model());
        assertEquals(e.model().embed("住民票").content().vector().length, e.dimension());
        assertEquals(RetrievalSettings.defaults().weights().get(Signal.EMBEDDING), e.weight());
        assertEquals(RetrievalSettings.defaults().weights(), e.settings().weights());
        assertEquals(RetrievalSettings.defaults().foreignWeights(), e.settings().foreignWeights());
    }

    @Test
    void anExplicitWeightIsUsedForTheBundledModel() {
        KnowledgeBases.Embeddings e = resolve(Map.of("kyodo.embeddings.provider", "bundled", "kyodo.embeddings.weight", "0.3"));
        assertEquals(0.3, e.weight());
        assertEquals(0.3, e.settings().foreignWeights().get(Signal.EMBEDDING));
    }

    @Test
    void noneIsLexicalOnly() {
        KnowledgeBases.Embeddings e = resolve(Map.of("kyodo.embeddings.provider", "none"));
        assertEquals("off", e.state());
        assertNull(e.model());
        assertEquals(0, e.dimension());
    }

    @Test
    void anOnnxModelThatCannotBeLoadedDegradesToLexical() throws Exception {
        Path notAModel = Files.writeString(dir.resolve("model.onnx"), "not an onnx model");
        Path tokenizer = Files.writeString(dir.resolve("tokenizer.json"), "{}");
        KnowledgeBases.Embeddings e = resolve(Map.of("kyodo.embeddings.provider", "onnx",
                "kyodo.embeddings.onnx.model", notAModel.toString(), "kyodo.embeddings.onnx.tokenizer", tokenizer.toString()));
        assertEquals("unavailable", e.state());
        assertNull(e.model());
        assertEquals("model.onnx", e.modelName());
        assertEquals(RetrievalSettings.defaults().weights(), e.settings().weights());

        assertEquals("unavailable", resolve(Map.of("kyodo.embeddings.provider", "onnx")).state(), "files not set");
    }

    @Test
    void anUnknownProviderDegradesToLexical() {
        KnowledgeBases.Embeddings e = resolve(Map.of("kyodo.embeddings.provider", "bundeld"));
        assertEquals("unavailable", e.state());
        assertNull(e.model());
    }

    private static KnowledgeBases.Embeddings resolve(Map<String, String> values) {
        KnowledgeBases b = new KnowledgeBases();
        b.config = new MapConfig(values);
        return b.embeddings();
    }

    /** Just enough of MicroProfile Config for KnowledgeBases: optional and required values of a map. */
    private record MapConfig(Map<String, String> values) implements Config {
        @Override
        public <T> T getValue(String name, Class<T> type) {
            return getOptionalValue(name, type).orElseThrow(() -> new NoSuchElementException(name));
        }

        @Override
        public <T> Optional<T> getOptionalValue(String name, Class<T> type) {
            String v = values.get(name);
            if (v == null) {
                return Optional.empty();
            }
            Object o = type == Double.class ? Double.valueOf(v) : type == Integer.class ? Integer.valueOf(v) : v;
            return Optional.of(type.cast(o));
        }

        @Override
        public ConfigValue getConfigValue(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Iterable<String> getPropertyNames() {
            return values.keySet();
        }

        @Override
        public Iterable<ConfigSource> getConfigSources() {
            return java.util.List.of();
        }

        @Override
        public <T> Optional<Converter<T>> getConverter(Class<T> forType) {
            return Optional.empty();
        }

        @Override
        public <T> T unwrap(Class<T> type) {
            throw new IllegalArgumentException();
        }
    }
}
