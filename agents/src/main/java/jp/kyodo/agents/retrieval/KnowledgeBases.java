package jp.kyodo.agents.retrieval;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.output.TokenUsage;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import jp.kyodo.agents.concierge.AnswerGenerators;
import jp.kyodo.agents.knowledgebase.CityKnowledge;
import jp.kyodo.agents.llm.LlmSettings;
import jp.kyodo.agents.knowledgebase.KnowledgeBaseService;
import jp.kyodo.agents.llm.LlmSettingsService;
import jp.kyodo.agents.llm.ModelCalls;
import jp.kyodo.agents.concierge.Concierge;
import jp.kyodo.agents.concierge.ConciergeSettings;
import jp.kyodo.agents.concierge.ReplyDrafter;
import jp.kyodo.agents.knowledgebase.TenantId;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.TenantContext;
import org.eclipse.microprofile.config.Config;

/**
 * The application's knowledge indexes: one Lucene directory per city under {@code <kyodo.data.dir>/knowledge/},
 * keyed by the city's id (a UUID that only the registry assigns, so a city deleted and created again starts empty),
 * and the concierge that answers for the city bound to the current request. The EMBEDDING signal's model is chosen by
 * {@code kyodo.embeddings.provider} ({@link #embeddings()}): the bundled in-process model (in Liberty a shared
 * library, since its native libraries load once per JVM), an operator's ONNX model, an OpenAI-compatible endpoint,
 * or none (the default, see {@link #DEFAULT_PROVIDER}); a model that cannot be loaded leaves the indexes lexical only, after one warning.
 *
 * <p>The knowledge itself lives in PostgreSQL ({@link KnowledgeBaseService}); the index is a copy of its published
 * part. At a city's first use in this JVM the index is rebuilt from the database (so a missing or stale directory is
 * repaired at start-up); afterwards every committed change is pushed into it at once. The concierge of a city uses
 * the city's model connection ({@link LlmSettingsService}) when it has one, and counts the model's tokens.
 */
@ApplicationScoped
public class KnowledgeBases {

    private static final Logger LOG = Logger.getLogger(KnowledgeBases.class.getName());

    @Inject
    TenantContext tenant;
    @Inject
    Config config;
    @Inject
    KnowledgeBaseService knowledgeBase;
    @Inject
    LlmSettingsService llmSettings;

    private volatile KnowledgeIndexes indexes;
    private volatile Embeddings embeddings;
    private volatile Concierge concierge;
    private final Map<TenantId, Boolean> loaded = new ConcurrentHashMap<>();
    private final Map<UUID, CityModel> models = new ConcurrentHashMap<>();
    private final Map<UUID, AtomicLong[]> tokens = new ConcurrentHashMap<>();

    private record CityModel(LlmSettings settings, Concierge concierge) {
    }

    private record CityDrafter(LlmSettings settings, Duration timeout, ReplyDrafter drafter) {
    }

    private final Map<UUID, CityDrafter> drafters = new ConcurrentHashMap<>();

    /** Where model calls run: the bounded managed executor, the per-city limit and the server's cap on timeouts. */
    @Inject
    ModelCalls modelCalls;

    /** A city's model timeout, capped by {@code kyodo.concierge.model.max-timeout-ms}. */
    Duration cappedTimeout(Duration cityTimeout) {
        return modelCalls.capped(cityTimeout);
    }

    /** The index key of a city: its registry id, never anything a request can choose. */
    public static TenantId keyOf(City city) {
        return TenantId.of(city.id().toString());
    }

    /**
     * The concierge for the city bound to the current request: with the city's model when it has one configured,
     * otherwise answering from retrieval only. Call inside a transaction (the settings are read from the database).
     */
    public Concierge concierge() {
        City city = tenant.city();
        Optional<LlmSettings> s = llmSettings.active();
        if (s.isEmpty()) {
            models.remove(city.id());
            return retrievalOnly();
        }
        CityModel m = models.get(city.id());
        if (m == null || !m.settings().equals(s.get())) {
            m = new CityModel(s.get(), Concierge.create(indexes(), () -> keyOf(tenant.city()),
                    ConciergeSettings.defaults().withGeneratorTimeout(cappedTimeout(s.get().timeout())),
                    AnswerGenerators.of(chatModel(city.id(), s.get()), s.get().modelName()), modelCalls.executor(),
                    modelCalls.perCity()));
            models.put(city.id(), m);
        }
        return m.concierge();
    }

    /**
     * The reply drafter for the city bound to the current request: with the city's model (tokens counted like the
     * concierge's) when it has one, waiting at most {@code maxWait} (and at most the city's own timeout) for it;
     * otherwise FAQ drafts only. Call inside a transaction.
     */
    public ReplyDrafter replyDrafter(Duration maxWait) {
        City city = tenant.city();
        indexOf(city);
        Optional<LlmSettings> s = llmSettings.active();
        if (s.isEmpty()) {
            drafters.remove(city.id());
            return ReplyDrafter.create(indexes(), () -> keyOf(tenant.city()), null, null, maxWait);
        }
        Duration wait = s.get().timeout().compareTo(maxWait) < 0 ? s.get().timeout() : maxWait;
        CityDrafter d = drafters.get(city.id());
        if (d == null || !d.settings().equals(s.get()) || !d.timeout().equals(wait)) {
            d = new CityDrafter(s.get(), wait, ReplyDrafter.create(indexes(), () -> keyOf(tenant.city()),
                    chatModel(city.id(), s.get()), s.get().modelName(), wait));
            drafters.put(city.id(), d);
        }
        return d.drafter();
    }

    private Concierge retrievalOnly() {
        Concierge c = concierge;
        if (c == null) {
            synchronized (this) {
                c = concierge;
                if (c == null) {
                    c = Concierge.create(indexes(), () -> keyOf(tenant.city()), ConciergeSettings.defaults(), null);
                    concierge = c;
                }
            }
        }
        return c;
    }

    private ChatModel chatModel(UUID cityId, LlmSettings s) {
        AtomicLong[] counters = tokens.computeIfAbsent(cityId, k -> new AtomicLong[] {new AtomicLong(), new AtomicLong()});
        ChatModelListener count = new ChatModelListener() {
            @Override
            public void onResponse(ChatModelResponseContext ctx) {
                TokenUsage u = ctx.chatResponse() == null ? null : ctx.chatResponse().tokenUsage();
                if (u != null) {
                    counters[0].addAndGet(u.inputTokenCount() == null ? 0 : u.inputTokenCount());
                    counters[1].addAndGet(u.outputTokenCount() == null ? 0 : u.outputTokenCount());
                }
            }
        };
        return OpenAiChatModel.builder()
                .baseUrl(s.baseUrl())
                .apiKey(s.apiKey() == null || s.apiKey().isEmpty() ? "none" : s.apiKey())
                .modelName(s.modelName())
                .timeout(cappedTimeout(s.timeout()))
                .temperature(s.temperature())
                .maxTokens(s.maxTokens())
                .maxRetries(0)
                .listeners(List.of(count))
                .build();
    }

    /** The model tokens (in, out) the city's concierge used since the last call; resets them. */
    public long[] drainTokens(City city) {
        AtomicLong[] c = tokens.get(city.id());
        return c == null ? new long[] {0, 0} : new long[] {c[0].getAndSet(0), c[1].getAndSet(0)};
    }

    /**
     * The index of {@code city}. At its first use in this JVM it is rebuilt from the database (which seeds a city that
     * never had knowledge), in three steps (issue 10, item 8): the rows are read in a short transaction of their own,
     * the embedding vectors are computed with no transaction open (the embedding model may be a remote endpoint: a
     * slow one holds no connection and no lock), and the new content is then written into the index at once. A
     * knowledge-base change committed meanwhile is never lost: the build reads the city's change counter before it
     * reads the rows and builds again when the counter moved (at most {@link #BUILD_ATTEMPTS} times, else the index is
     * left marked for a rebuild at its next use).
     *
     * <p>The build runs on the city's lane ({@link CityLanes}: the bounded managed executor, one task of a city at a
     * time, other cities side by side). Called with no transaction open, the caller waits for it (at most
     * {@code kyodo.knowledge.build-wait-ms}); called inside a transaction (a page's or API read) it does not wait, since
     * waiting would hold the caller's connection, and the index is returned as it is meanwhile — the previous run's
     * directory, or empty for a city never built on this server.
     */
    public KnowledgeIndex indexOf(City city) {
        TenantId key = keyOf(city);
        if (loaded.containsKey(key)) {
            changedElsewhere(key); // another server changed the city's knowledge: rebuilt below
        }
        if (loaded.containsKey(key)) {
            return indexes().forTenant(key);
        }
        if (ModelCalls.inTransaction()) {
            buildLater(city);
            return indexes().forTenant(key);
        }
        if (CityLanes.runningFor(key)) {
            return build(city); // already on the city's lane
        }
        await(city, buildLater(city), waitMillis("kyodo.knowledge.build-wait-ms", DEFAULT_BUILD_WAIT_MS), "build");
        return indexes().forTenant(key);
    }

    /** How long a caller with no transaction open waits for the city's first build ({@code kyodo.knowledge.build-wait-ms}). */
    static final long DEFAULT_BUILD_WAIT_MS = 120_000;
    /**
     * How long a knowledge-base change waits, once committed, for the city's index to take it before it answers
     * ({@code kyodo.knowledge.update-wait-ms}); after that the change is searchable as soon as its lane has applied it.
     */
    static final long DEFAULT_UPDATE_WAIT_MS = 30_000;

    private long waitMillis(String key, long fallback) {
        return config == null ? fallback : config.getOptionalValue(key, Long.class).orElse(fallback);
    }

    private static void await(City city, java.util.concurrent.CompletableFuture<Void> f, long millis, String what) {
        try {
            f.get(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.TimeoutException e) {
            LOG.warning("[kyodo] knowledge index " + what + " of " + city.code() + " still running after " + millis
                    + " ms; answering meanwhile with the index as it is");
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.log(Level.WARNING, "[kyodo] knowledge index " + what + " of " + city.code() + " failed: " + e.getCause(),
                    e.getCause());
        }
    }

    /**
     * Applies a committed knowledge-base change to the city's index, on the city's lane (the change may call the
     * embedding model): called from the transaction's completion, it returns at once. A build that read its rows before
     * the change builds again; an index not loaded in this server takes the change at its first build; a change the
     * lane cannot take (the executor is full) or that fails marks the index for a rebuild from the database.
     */
    public void afterCommit(City city, java.util.function.Consumer<KnowledgeIndex> change) {
        changed(city); // first: a build that read its rows before this change builds again
        TenantId key = keyOf(city);
        if (!loaded.containsKey(key)) {
            return; // not loaded in this JVM yet: its first use rebuilds it from the database
        }
        java.util.concurrent.CompletableFuture<Void> applied = lanes.submit(key, () -> {
            KnowledgeIndex index = loadedIndex(city);
            if (index != null) {
                change.accept(index);
            }
        });
        applied.whenComplete((x, failure) -> {
            if (failure != null) {
                LOG.log(Level.SEVERE, "[kyodo] knowledge index of " + city.code()
                        + " could not be updated; it is rebuilt from the database", failure);
                forget(city);
            }
        });
        COMMITTED_HERE.set(new Pending(city, applied)); // a city's lane is ordered: the last change implies the earlier ones
    }

    /** The index change this thread committed last and has not waited for ({@link #awaitOwnChanges}). */
    private static final ThreadLocal<Pending> COMMITTED_HERE = new ThreadLocal<>();

    private record Pending(City city, java.util.concurrent.CompletableFuture<Void> applied) {
    }

    /**
     * Waits (at most {@code kyodo.knowledge.update-wait-ms}) until the city's index has taken the change this thread
     * committed, so that a change is searchable when its request answers. Never waits inside a transaction (the change
     * is not committed yet) or on a lane.
     */
    public void awaitOwnChanges() {
        if (ModelCalls.inTransaction() || CityLanes.onALane()) {
            return;
        }
        Pending p = COMMITTED_HERE.get();
        COMMITTED_HERE.remove();
        if (p != null && !p.applied().isDone()) {
            await(p.city(), p.applied().exceptionally(t -> null), waitMillis("kyodo.knowledge.update-wait-ms",
                    DEFAULT_UPDATE_WAIT_MS), "update");
        }
    }

    /** Forgets a change left by an earlier call on this (pooled) thread that was inside a caller's transaction. */
    static void forgetOwnChanges() {
        if (!ModelCalls.inTransaction()) {
            COMMITTED_HERE.remove();
        }
    }

    /** A build whose knowledge changed during each of this many attempts leaves the index to its next use. */
    static final int BUILD_ATTEMPTS = 3;

    private KnowledgeIndex build(City city) {
        TenantId key = keyOf(city);
        // one task of a city at a time: builds run only on the city's lane (CityLanes), so no lock is needed here
        for (int attempt = 1; ; attempt++) {
            if (loaded.containsKey(key)) {
                return indexes().forTenant(key);
            }
            long generation = changes(key).get();
            long start = System.nanoTime();
            llmSettings.initialise(); // a transaction of its own
            // the fingerprint first (two servers): a change committed after it is seen at the next check
            String signature = knowledgeBase.publishedSignature();
            CityKnowledge k = knowledgeBase.publishedKnowledge(); // a short transaction of its own: rows read, locks released
            long read = System.nanoTime();
            PreparedKnowledge prepared = indexes().forTenant(key).prepare(k); // the embedding model: no transaction
            long embedded = System.nanoTime();
            if (dropped.contains(key)) { // deleted meanwhile: nothing is written under its id again
                return indexes().forTenant(key);
            }
            KnowledgeIndex index = indexes().forTenant(key);
            index.replaceAll(prepared); // writing only: searches meanwhile saw the previous content
            loaded.put(key, Boolean.TRUE);
            index.calibration(); // computed with the build, not by the city's first question
            learnDimension(index);
            if (changes(key).get() != generation) {
                loaded.remove(key);
                if (attempt < BUILD_ATTEMPTS) {
                    LOG.info("[kyodo] knowledge of " + city.code() + " changed while its index was built; building again");
                    continue;
                }
                LOG.warning("[kyodo] knowledge of " + city.code() + " changed during each of " + BUILD_ATTEMPTS
                        + " builds of its index; it is rebuilt at its next use");
                return index;
            }
            signatures.put(key, signature);
            checkedAt.put(key, System.nanoTime());
            LOG.info("[kyodo] knowledge index of " + city.code() + " built from the database: "
                    + k.faqs().size() + " published entries, " + k.documents().size() + " documents, "
                    + index.vectorCount() + " embedding vectors in " + (System.nanoTime() - start) / 1_000_000
                    + " ms (read " + (read - start) / 1_000_000 + " ms, embedded outside any transaction "
                    + (embedded - read) / 1_000_000 + " ms, calibrated)");
            return index;
        }
    }

    /** Deleted cities (ids are never reused): a build that was under way when one was dropped writes nothing. */
    private final java.util.Set<TenantId> dropped = ConcurrentHashMap.newKeySet();

    /** Cities whose build was given to their lane and has not ended yet. */
    private final java.util.Set<TenantId> scheduled = ConcurrentHashMap.newKeySet();

    /** Each city's index work (builds, committed changes) in order, on the bounded managed executor of model calls. */
    private final CityLanes lanes = new CityLanes(() -> modelCalls == null ? null : modelCalls.executor());

    /** This bean through its proxy, so that {@link #buildInBackground}'s request context applies. */
    @Inject
    KnowledgeBases self;

    /** Gives the city's build to its lane (once: a build already given is not given again); completes when it ran. */
    private java.util.concurrent.CompletableFuture<Void> buildLater(City city) {
        TenantId key = keyOf(city);
        if (dropped.contains(key)) {
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
        if (!scheduled.add(key)) {
            return lanes.drained(key);
        }
        java.util.concurrent.CompletableFuture<Void> done = lanes.submit(key, () -> (self == null ? this : self).buildInBackground(city));
        done.whenComplete((x, failure) -> {
            scheduled.remove(key);
            if (failure != null) {
                LOG.log(Level.WARNING, "[kyodo] knowledge index of " + city.code()
                        + " could not be built in the background; built at its next use: " + failure, failure);
            }
        });
        return done;
    }

    /** Builds the city's index on this (executor) thread, bound to the city in a request context of its own. */
    @jakarta.enterprise.context.control.ActivateRequestContext
    public void buildInBackground(City city) {
        tenant.runAs(city, () -> build(city));
    }

    /** Counts the committed knowledge-base changes of each city in this JVM (see {@link #changed}). */
    private final Map<TenantId, java.util.concurrent.atomic.AtomicLong> changeCounts = new ConcurrentHashMap<>();

    private java.util.concurrent.atomic.AtomicLong changes(TenantId key) {
        return changeCounts.computeIfAbsent(key, k -> new java.util.concurrent.atomic.AtomicLong());
    }

    /**
     * Tells the indexes that a change of the city's knowledge base has committed (called before the change is
     * applied to a loaded index): a build that read its rows before the change builds again.
     */
    public void changed(City city) {
        changes(keyOf(city)).incrementAndGet();
    }

    /** The dimension of a remote model, learnt after a build (outside any transaction); 0 until then. */
    private volatile int learnedDimension;

    private void learnDimension(KnowledgeIndex index) {
        Embeddings e = embeddings();
        if (learnedDimension == 0 && e.dimension() == 0 && e.model() != null && index.vectorCount() > 0) {
            try {
                learnedDimension = e.model().dimension();
            } catch (RuntimeException ex) {
                LOG.fine("embedding dimension unknown: " + ex);
            }
        }
    }

    /**
     * The retrieval set-up as a city administrator may see it: the deployment's embedding provider, its state, model
     * name, dimension and fusion weight, and the city's own index (entries, embedding vectors). No URL or key. A first
     * use inside a transaction starts the city's build and shows the index as it is meanwhile.
     */
    public jp.kyodo.agents.retrieval.RetrievalStatus status(City city) {
        Embeddings e = embeddings();
        KnowledgeIndex index = indexOf(city);
        int dimension = e.dimension() == 0 ? learnedDimension : e.dimension();
        return new jp.kyodo.agents.retrieval.RetrievalStatus(e.provider(), e.state(), e.modelName(), dimension,
                e.weight(), index.size(), index.vectorCount(), loaded.containsKey(keyOf(city)));
    }

    /** The index of {@code city} if this JVM has loaded it, else null (its first use will rebuild it). */
    public KnowledgeIndex loadedIndex(City city) {
        TenantId key = keyOf(city);
        return loaded.containsKey(key) ? indexes().forTenant(key) : null;
    }

    /** The fingerprint of each city's knowledge that its index was built from (see publishedSignature). */
    private final Map<TenantId, String> signatures = new ConcurrentHashMap<>();
    private final Map<TenantId, Long> checkedAt = new ConcurrentHashMap<>();

    /**
     * Several servers: each keeps its own copy of a city's index, and a change is pushed at once only into the copy of
     * the server that made it. So at most every {@code kyodo.knowledge.sync-millis} (default 2,000) per city, a use of
     * the index compares the city's knowledge fingerprint in PostgreSQL with the one the index was built from; when they
     * differ (an edit, publication, deletion or synonym change on any server) the index is rebuilt from the database
     * now. One aggregate query per city and interval; a rebuild per change and server.
     */
    private void changedElsewhere(TenantId key) {
        long interval = config.getOptionalValue("kyodo.knowledge.sync-millis", Long.class).orElse(2000L) * 1_000_000L;
        Long last = checkedAt.get(key);
        long now = System.nanoTime();
        if (last != null && now - last < interval) {
            return;
        }
        checkedAt.put(key, now);
        String current = knowledgeBase.publishedSignature();
        if (!current.equals(signatures.get(key))) {
            LOG.fine("knowledge of " + key + " changed in the database: the index is rebuilt");
            loaded.remove(key);
        }
    }

    /** Forgets that the city's index is current: it is rebuilt from the database at its next use. */
    public void forget(City city) {
        changed(city);
        loaded.remove(keyOf(city));
    }

    /** Removes a deleted city's index directory and everything kept in memory for it. */
    public void drop(UUID cityId) {
        TenantId key = TenantId.of(cityId.toString());
        dropped.add(key);
        loaded.remove(key);
        signatures.remove(key);
        checkedAt.remove(key);
        changeCounts.remove(key);
        lanes.drop(key);
        models.remove(cityId);
        drafters.remove(cityId);
        tokens.remove(cityId);
        indexes().drop(key);
        LOG.info("[kyodo] knowledge index of deleted city " + cityId + " removed");
    }

    /**
     * At most this many cities' indexes are open in this server ({@code kyodo.knowledge.max-open-indexes}); the least
     * recently used is closed when one more is needed (bench/knowledge --heap measures the heap per open index).
     */
    static final int DEFAULT_MAX_OPEN_INDEXES = 200;

    public int maxOpenIndexes() {
        return config.getOptionalValue("kyodo.knowledge.max-open-indexes", Integer.class).orElse(DEFAULT_MAX_OPEN_INDEXES);
    }

    public KnowledgeIndexes indexes() {
        KnowledgeIndexes x = indexes;
        if (x == null) {
            synchronized (this) {
                x = indexes;
                if (x == null && closed) {
                    // a build still running while the application stops must not open an index again: its directory
                    // lock would keep the restarted application from opening it
                    throw new IllegalStateException("the knowledge indexes are closed: the application is stopping");
                }
                if (x == null) {
                    Path root = root();
                    Embeddings e = embeddings();
                    x = KnowledgeIndexes.open(root, e.model(), e.settings(), maxOpenIndexes());
                    x.onEvict(loaded::remove); // closed to stay within the limit: rebuilt from the database at next use
                    LOG.info("[kyodo] knowledge indexes in " + root + (e.model() == null ? " (lexical signals only)"
                            : " with embeddings: " + e.provider() + " " + e.modelName() + ", weight " + e.weight()));
                    indexes = x;
                }
            }
        }
        return x;
    }

    /**
     * The default of {@code kyodo.embeddings.provider}. Not {@code bundled} yet: the bundled model's tuned weight is 0,
     * so it would only cost (each city's first index build ≈ 20× slower, ≈ +300 MB) without changing an answer; make
     * it {@code bundled} when a bundled model earns a weight (docs/knowledge-retrieval.md, "The embedding model in
     * Liberty").
     */
    static final String DEFAULT_PROVIDER = "none";

    /**
     * The deployment's embedding signal, resolved once per application start. {@code state} is {@code active} (a
     * model is in use), {@code unavailable} (configured, but it could not be loaded: lexical signals only, after one
     * warning in the log) or {@code off} (provider {@code none}).
     */
    record Embeddings(String provider, String state, EmbeddingModel model, String modelName, int dimension,
                      double weight, RetrievalSettings settings) {
    }

    Embeddings embeddings() {
        Embeddings e = embeddings;
        if (e == null) {
            synchronized (this) {
                e = embeddings;
                if (e == null) {
                    e = resolveEmbeddings();
                    embeddings = e;
                }
            }
        }
        return e;
    }

    private Embeddings resolveEmbeddings() {
        String provider = config.getOptionalValue("kyodo.embeddings.provider", String.class).orElse(DEFAULT_PROVIDER)
                .strip().toLowerCase(java.util.Locale.ROOT);
        if (provider.isEmpty()) {
            provider = DEFAULT_PROVIDER;
        }
        EmbeddingModel model;
        String name;
        switch (provider) {
            case "none" -> {
                return new Embeddings(provider, "off", null, null, 0, 0, RetrievalSettings.defaults());
            }
            case "bundled" -> {
                model = KnowledgeEmbeddings.bundled().orElse(null); // logs its own warning when it cannot load
                name = model == null ? null : modelName(model);
            }
            case "onnx" -> {
                String file = config.getOptionalValue("kyodo.embeddings.onnx.model", String.class).orElse("");
                String tokenizer = config.getOptionalValue("kyodo.embeddings.onnx.tokenizer", String.class).orElse("");
                String pooling = config.getOptionalValue("kyodo.embeddings.onnx.pooling", String.class).orElse("mean")
                        .strip().toLowerCase(java.util.Locale.ROOT);
                name = file.isBlank() ? null : Path.of(file).getFileName().toString();
                try {
                    if (file.isBlank() || tokenizer.isBlank()) {
                        throw new IllegalArgumentException("kyodo.embeddings.onnx.model and .tokenizer must be set");
                    }
                    if (!pooling.equals("mean") && !pooling.equals("cls")) {
                        throw new IllegalArgumentException("kyodo.embeddings.onnx.pooling must be mean or cls, not " + pooling);
                    }
                    model = KnowledgeEmbeddings.onnx(Path.of(file), Path.of(tokenizer), pooling.equals("mean"));
                    model.embed("テスト");
                } catch (Throwable t) { // missing files, UnsatisfiedLinkError, a model ONNX Runtime cannot run …
                    LOG.log(Level.WARNING, "[kyodo] ONNX embedding model " + file + " unavailable (" + t
                            + "); knowledge retrieval uses the lexical signals only", t);
                    model = null;
                }
            }
            case "openai-compatible" -> {
                String modelName = config.getValue("kyodo.embeddings.model", String.class);
                model = KnowledgeEmbeddings.openAiCompatible(
                        config.getValue("kyodo.embeddings.base-url", String.class), modelName,
                        config.getOptionalValue("kyodo.embeddings.api-key", String.class).orElse(null),
                        java.time.Duration.ofSeconds(config.getOptionalValue("kyodo.embeddings.timeout-seconds", Integer.class)
                                .orElse(10)));
                name = modelName;
            }
            default -> {
                LOG.warning("[kyodo] kyodo.embeddings.provider must be bundled, onnx, openai-compatible or none, not "
                        + provider + "; knowledge retrieval uses the lexical signals only");
                return new Embeddings(provider, "unavailable", null, null, 0, 0, RetrievalSettings.defaults());
            }
        }
        if (model == null) {
            return new Embeddings(provider, "unavailable", null, name, 0, 0, RetrievalSettings.defaults());
        }
        // the bundled model's weight is the tuned one in RetrievalSettings.defaults(); another model has not been
        // measured here, so it gets kyodo.embeddings.weight (default 0.5) until bench/knowledge says otherwise
        java.util.Optional<Double> configured = config.getOptionalValue("kyodo.embeddings.weight", Double.class);
        RetrievalSettings settings = provider.equals("bundled") && configured.isEmpty() ? RetrievalSettings.defaults()
                : KnowledgeEmbeddings.withEmbeddingWeight(RetrievalSettings.defaults(), configured.orElse(0.5));
        int dimension = provider.equals("openai-compatible") ? 0 : model.dimension(); // remote: known after first use
        // from here on every embeddings call is refused inside a database transaction (issue 10, item 8)
        model = KnowledgeEmbeddings.outsideTransactions(model, ModelCalls::inTransaction);
        // … and made on the bounded executor: on the city's index lane, or through the city's model-call slots
        model = new EmbeddingCalls(model, modelCalls, this::currentCityKey);
        return new Embeddings(provider, "active", model, name, dimension,
                settings.weights().getOrDefault(Signal.EMBEDDING, 0.0), settings);
    }

    /** The id of the city bound to the calling thread, or "-" on a thread with none (its calls share one set of slots). */
    private String currentCityKey() {
        try {
            return tenant == null ? "-" : tenant.current().map(c -> c.id().toString()).orElse("-");
        } catch (RuntimeException noRequestContext) {
            return "-";
        }
    }

    private static String modelName(EmbeddingModel model) {
        String n = null;
        try {
            n = model.modelName();
        } catch (RuntimeException ignored) {
            // the default implementation may not know it
        }
        return n == null || n.isBlank() || n.equalsIgnoreCase("unknown") ? model.getClass().getSimpleName() : n;
    }

    /** When the city's index directory was last written (0 when it has none): recent ones are warmed first. */
    public long lastWritten(City city) {
        try {
            Path dir = root().resolve(keyOf(city).value());
            return java.nio.file.Files.isDirectory(dir)
                    ? java.nio.file.Files.getLastModifiedTime(dir).toMillis() : 0;
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }

    Path root() {
        Optional<String> dir = config.getOptionalValue("kyodo.data.dir", String.class).filter(s -> !s.isBlank());
        if (dir.isEmpty()) {
            dir = config.getOptionalValue("server.output.dir", String.class).filter(s -> !s.isBlank());
        }
        if (dir.isEmpty()) {
            dir = Optional.ofNullable(System.getProperty("server.output.dir")).filter(s -> !s.isBlank());
        }
        return Path.of(dir.orElse(System.getProperty("java.io.tmpdir"))).resolve("knowledge");
    }

    private volatile boolean closed;

    @PreDestroy
    void close() {
        closed = true;
        KnowledgeIndexes x;
        synchronized (this) {
            x = indexes;
            indexes = null;
        }
        concierge = null;
        embeddings = null;
        if (x != null) {
            x.close();
        }
    }
}
