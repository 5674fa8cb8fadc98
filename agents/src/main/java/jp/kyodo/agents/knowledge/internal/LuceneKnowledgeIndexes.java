package jp.kyodo.agents.knowledge.internal;

import dev.langchain4j.model.embedding.EmbeddingModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import jp.kyodo.agents.knowledge.KnowledgeIndex;
import jp.kyodo.agents.knowledge.KnowledgeIndexes;
import jp.kyodo.agents.knowledge.RetrievalSettings;
import jp.kyodo.agents.knowledge.TenantId;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/** One {@link TenantKnowledgeIndex} per tenant, each on its own directory. */
public final class LuceneKnowledgeIndexes implements KnowledgeIndexes {
    private final Path root;
    private final EmbeddingModel embeddings;
    private volatile RetrievalSettings settings;
    private final JapaneseAnalysis analysis = new JapaneseAnalysis();
    private final QueryExpander expander = QueryExpander.loadDefault();
    private final Map<TenantId, TenantKnowledgeIndex> open = new ConcurrentHashMap<>();
    private final Clock clock;
    private volatile boolean closed;

    private LuceneKnowledgeIndexes(Path root, EmbeddingModel embeddings, RetrievalSettings settings, Clock clock) {
        this.root = root;
        this.embeddings = embeddings;
        this.settings = settings == null ? RetrievalSettings.defaults() : settings;
        this.clock = clock;
    }

    public static LuceneKnowledgeIndexes onDisk(Path root, EmbeddingModel model, RetrievalSettings settings) {
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LuceneKnowledgeIndexes x = new LuceneKnowledgeIndexes(root, model, settings, Clock.systemDefaultZone());
        try (Stream<Path> dirs = Files.list(root)) {
            dirs.filter(Files::isDirectory).forEach(d -> x.forTenant(TenantId.of(d.getFileName().toString())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return x;
    }

    public static LuceneKnowledgeIndexes inMemory(EmbeddingModel model, RetrievalSettings settings) {
        return new LuceneKnowledgeIndexes(null, model, settings, Clock.systemDefaultZone());
    }

    public static LuceneKnowledgeIndexes inMemory(EmbeddingModel model, RetrievalSettings settings, Clock clock) {
        return new LuceneKnowledgeIndexes(null, model, settings, clock);
    }

    @Override
    public KnowledgeIndex forTenant(TenantId tenant) {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        return open.computeIfAbsent(tenant, t -> new TenantKnowledgeIndex(t, directoryOf(t), analysis, expander,
                embeddings, () -> settings, clock));
    }

    private Directory directoryOf(TenantId t) {
        if (root == null) {
            return new ByteBuffersDirectory();
        }
        try {
            Path dir = root.resolve(t.value()).normalize();
            if (!dir.getParent().equals(root.normalize())) {
                throw new IllegalArgumentException("tenant directory escapes the root: " + t);
            }
            return FSDirectory.open(Files.createDirectories(dir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The directory holding {@code tenant}'s index, or null when in memory. */
    public Path directoryPath(TenantId tenant) {
        return root == null ? null : root.resolve(tenant.value());
    }

    /** Replaces the retrieval settings of every tenant's index (used by the tuning harness). */
    public void setSettings(RetrievalSettings newSettings) {
        this.settings = java.util.Objects.requireNonNull(newSettings);
    }

    /** Whether an embedding model computes the EMBEDDING signal. */
    public boolean hasEmbeddings() {
        return embeddings != null;
    }

    public RetrievalSettings settings() {
        return settings;
    }

    /** Confidence features of the most recent search on the calling thread (for tuning). */
    public static double[] lastConfidenceFeatures() {
        return TenantKnowledgeIndex.lastFeatures();
    }

    @Override
    public Set<TenantId> tenants() {
        Set<TenantId> s = new TreeSet<>(Comparator.comparing(TenantId::value));
        s.addAll(open.keySet());
        return s;
    }

    @Override
    public void drop(TenantId tenant) {
        TenantKnowledgeIndex idx = open.remove(tenant);
        if (idx != null) {
            idx.close();
        }
        if (root != null) {
            Path dir = root.resolve(tenant.value());
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        for (TenantKnowledgeIndex i : open.values()) {
            i.close();
        }
        open.clear();
    }
}
