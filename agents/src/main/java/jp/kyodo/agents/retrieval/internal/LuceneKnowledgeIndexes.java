package jp.kyodo.agents.retrieval.internal;

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
import jp.kyodo.agents.retrieval.KnowledgeIndex;
import jp.kyodo.agents.retrieval.KnowledgeIndexes;
import jp.kyodo.agents.retrieval.RetrievalSettings;
import jp.kyodo.agents.knowledgebase.TenantId;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * One {@link TenantKnowledgeIndex} per tenant, each on its own directory. On disk, at most {@code maxOpen} indexes are
 * open at once: opening one more closes the least recently used (its directory stays; the next use opens it again and
 * {@link #onEvict} is told, so its owner can rebuild it from the database). An evicted index is closed only after
 * {@link #RETIRE_AFTER} so that a search already holding it finishes undisturbed. In memory nothing is evicted (the
 * directory is the only copy).
 */
public final class LuceneKnowledgeIndexes implements KnowledgeIndexes {
    /** An evicted index stays usable this long before it is closed (longer than any request holds it). */
    static final java.time.Duration RETIRE_AFTER = java.time.Duration.ofSeconds(60);

    private final Path root;
    private final int maxOpen;
    private final Map<TenantId, Long> lastUse = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong useClock = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.Deque<Retired> retiring = new java.util.concurrent.ConcurrentLinkedDeque<>();
    private volatile java.util.function.Consumer<TenantId> onEvict = t -> { };

    private final Object retireLock = new Object();

    private record Retired(TenantKnowledgeIndex index, long at) {
    }
    private final EmbeddingModel embeddings;
    private volatile RetrievalSettings settings;
    private final JapaneseAnalysis analysis = new JapaneseAnalysis();
    private final QueryExpander expander = QueryExpander.loadDefault();
    private final Map<TenantId, TenantKnowledgeIndex> open = new ConcurrentHashMap<>();
    private final Clock clock;
    private volatile boolean closed;

    private LuceneKnowledgeIndexes(Path root, EmbeddingModel embeddings, RetrievalSettings settings, Clock clock,
                                   int maxOpen) {
        this.root = root;
        this.maxOpen = Math.max(1, maxOpen);
        this.embeddings = embeddings;
        this.settings = settings == null ? RetrievalSettings.defaults() : settings;
        this.clock = clock;
    }

    /** Indexes under {@code root}, every one kept open once used. */
    public static LuceneKnowledgeIndexes onDisk(Path root, EmbeddingModel model, RetrievalSettings settings) {
        return onDisk(root, model, settings, Integer.MAX_VALUE);
    }

    /**
     * Indexes under {@code root}, at most {@code maxOpen} open at once (least recently used closed first). Nothing is
     * opened until used: a server with thousands of cities' directories starts without reading them.
     */
    public static LuceneKnowledgeIndexes onDisk(Path root, EmbeddingModel model, RetrievalSettings settings, int maxOpen) {
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new LuceneKnowledgeIndexes(root, model, settings, Clock.systemDefaultZone(), maxOpen);
    }

    public static LuceneKnowledgeIndexes inMemory(EmbeddingModel model, RetrievalSettings settings) {
        return new LuceneKnowledgeIndexes(null, model, settings, Clock.systemDefaultZone(), Integer.MAX_VALUE);
    }

    public static LuceneKnowledgeIndexes inMemory(EmbeddingModel model, RetrievalSettings settings, Clock clock) {
        return new LuceneKnowledgeIndexes(null, model, settings, clock, Integer.MAX_VALUE);
    }

    @Override
    public void warmUp() {
        String sample = "子どもが生まれたので児童手当を申請したい。住民票の写しはどこで取れますか？";
        analysis.kuromojiTerms(sample);
        analysis.readingTerms(sample);
        analysis.bigramTerms(sample);
        analysis.words(sample);
    }

    @Override
    public void onEvict(java.util.function.Consumer<TenantId> listener) {
        this.onEvict = java.util.Objects.requireNonNull(listener);
    }

    /** How many indexes are open now (evicted ones still retiring not counted). */
    public int openCount() {
        return open.size();
    }

    @Override
    public KnowledgeIndex forTenant(TenantId tenant) {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        lastUse.put(tenant, useClock.incrementAndGet());
        TenantKnowledgeIndex index = open.get(tenant);
        if (index != null) {
            return index;
        }
        index = open.computeIfAbsent(tenant, t -> {
            TenantKnowledgeIndex back = revive(t); // still holding its directory's write lock: use it again
            return back != null ? back : new TenantKnowledgeIndex(t, directoryOf(t), analysis, expander, embeddings,
                    () -> settings, clock);
        });
        if (root != null && open.size() > maxOpen) {
            evictLeastRecentlyUsed(tenant);
        }
        closeRetired(false);
        return index;
    }

    private synchronized void evictLeastRecentlyUsed(TenantId keep) {
        while (open.size() > maxOpen) {
            TenantId oldest = null;
            long oldestUse = Long.MAX_VALUE;
            for (TenantId t : open.keySet()) {
                long u = lastUse.getOrDefault(t, 0L);
                if (!t.equals(keep) && u < oldestUse) {
                    oldest = t;
                    oldestUse = u;
                }
            }
            if (oldest == null) {
                return;
            }
            TenantKnowledgeIndex gone = open.remove(oldest);
            lastUse.remove(oldest);
            if (gone != null) {
                retiring.add(new Retired(gone, System.nanoTime()));
                onEvict.accept(oldest);
            }
        }
    }

    private TenantKnowledgeIndex revive(TenantId tenant) {
        synchronized (retireLock) {
            return reviveLocked(tenant);
        }
    }

    private TenantKnowledgeIndex reviveLocked(TenantId tenant) {
        for (java.util.Iterator<Retired> it = retiring.iterator(); it.hasNext(); ) {
            Retired r = it.next();
            if (r.index().tenant().equals(tenant)) {
                it.remove();
                return r.index();
            }
        }
        return null;
    }

    private void closeRetired(boolean all) {
        synchronized (retireLock) {
            closeRetiredLocked(all);
        }
    }

    private void closeRetiredLocked(boolean all) {
        long now = System.nanoTime();
        for (java.util.Iterator<Retired> it = retiring.iterator(); it.hasNext(); ) {
            Retired r = it.next();
            if (all || now - r.at() >= RETIRE_AFTER.toNanos()) {
                it.remove();
                try {
                    r.index().close();
                } catch (RuntimeException e) {
                    java.util.logging.Logger.getLogger(LuceneKnowledgeIndexes.class.getName())
                            .fine("closing an evicted index: " + e);
                }
            }
        }
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

    /** Session 16 experiment: see {@code TenantKnowledgeIndex#anchorTitles} (benches only; recorded while capturing). */
    public static int lastAnchorTitles() {
        return TenantKnowledgeIndex.lastAnchorTitles();
    }

    /** Session 16 experiment: see {@code TenantKnowledgeIndex#lastUnknownWords} (benches only). */
    public static int[] lastUnknownWords() {
        return TenantKnowledgeIndex.lastUnknownWords();
    }

    /** The first stage's best candidates of the most recent search on the calling thread, with their features (for tuning). */
    public static CandidateFeatures lastCandidates() {
        return TenantKnowledgeIndex.lastCandidates();
    }

    /** Record {@link #lastCandidates()} on every search, with the re-ranker off too (benches only). */
    public static void captureCandidates(boolean on) {
        TenantKnowledgeIndex.CAPTURE = on;
    }

    @Override
    public Set<TenantId> tenants() {
        Set<TenantId> s = new TreeSet<>(Comparator.comparing(TenantId::value));
        s.addAll(open.keySet());
        if (root != null) {
            try (Stream<Path> dirs = Files.list(root)) {
                dirs.filter(Files::isDirectory).forEach(d -> s.add(TenantId.of(d.getFileName().toString())));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return s;
    }

    @Override
    public void drop(TenantId tenant) {
        TenantKnowledgeIndex idx = open.remove(tenant);
        lastUse.remove(tenant);
        if (idx != null) {
            idx.close();
        }
        synchronized (retireLock) {
            TenantKnowledgeIndex retired = reviveLocked(tenant);
            if (retired != null) {
                retired.close();
            }
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
        closeRetired(true);
    }
}
