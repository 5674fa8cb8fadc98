package jp.kyodo.agents.concierge.internal;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
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
import java.util.logging.Logger;
import jp.kyodo.agents.knowledge.AnswerGenerators;
import jp.kyodo.agents.knowledge.CityKnowledge;
import jp.kyodo.agents.knowledge.LlmSettings;
import jp.kyodo.agents.knowledgebase.KnowledgeBaseService;
import jp.kyodo.agents.knowledgebase.LlmSettingsService;
import jp.kyodo.agents.knowledge.Concierge;
import jp.kyodo.agents.knowledge.ConciergeSettings;
import jp.kyodo.agents.knowledge.KnowledgeIndex;
import jp.kyodo.agents.knowledge.KnowledgeIndexes;
import jp.kyodo.agents.knowledge.ReplyDrafter;
import jp.kyodo.agents.knowledge.RetrievalSettings;
import jp.kyodo.agents.knowledge.TenantId;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.TenantContext;
import org.eclipse.microprofile.config.Config;

/**
 * The application's knowledge indexes: one Lucene directory per city under {@code <kyodo.data.dir>/knowledge/},
 * keyed by the city's id (a UUID that only the registry assigns, so a city deleted and created again starts empty),
 * and the concierge that answers for the city bound to the current request. No embedding model runs inside Liberty
 * (its weight is 0 in the tuned fusion, see docs/knowledge-retrieval.md), so the indexes are lexical only.
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
    private volatile Concierge concierge;
    private final Map<TenantId, Boolean> loaded = new ConcurrentHashMap<>();
    private final Map<UUID, CityModel> models = new ConcurrentHashMap<>();
    private final Map<UUID, AtomicLong[]> tokens = new ConcurrentHashMap<>();

    private record CityModel(LlmSettings settings, Concierge concierge) {
    }

    private record CityDrafter(LlmSettings settings, Duration timeout, ReplyDrafter drafter) {
    }

    private final Map<UUID, CityDrafter> drafters = new ConcurrentHashMap<>();

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
                    ConciergeSettings.defaults().withGeneratorTimeout(s.get().timeout()),
                    AnswerGenerators.of(chatModel(city.id(), s.get()), s.get().modelName())));
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
                .timeout(s.timeout())
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
     * The index of {@code city}; at its first use in this JVM it is rebuilt from the database (which seeds a city
     * that never had knowledge). Call inside a transaction bound to that city.
     */
    public KnowledgeIndex indexOf(City city) {
        TenantId key = keyOf(city);
        KnowledgeIndex index = indexes().forTenant(key);
        if (!loaded.containsKey(key)) {
            synchronized (this) {
                if (!loaded.containsKey(key)) {
                    llmSettings.initialise();
                    CityKnowledge k = knowledgeBase.publishedKnowledge();
                    index.replaceAll(k);
                    loaded.put(key, Boolean.TRUE);
                    LOG.info("[kyodo] knowledge index of " + city.code() + " built from the database: "
                            + k.faqs().size() + " published entries, " + k.documents().size() + " documents");
                }
            }
        }
        return index;
    }

    /** The index of {@code city} if this JVM has loaded it, else null (its first use will rebuild it). */
    public KnowledgeIndex loadedIndex(City city) {
        TenantId key = keyOf(city);
        return loaded.containsKey(key) ? indexes().forTenant(key) : null;
    }

    /** Forgets that the city's index is current: it is rebuilt from the database at its next use. */
    public void forget(City city) {
        loaded.remove(keyOf(city));
    }

    /** Removes a deleted city's index directory and everything kept in memory for it. */
    public void drop(UUID cityId) {
        TenantId key = TenantId.of(cityId.toString());
        loaded.remove(key);
        models.remove(cityId);
        drafters.remove(cityId);
        tokens.remove(cityId);
        indexes().drop(key);
        LOG.info("[kyodo] knowledge index of deleted city " + cityId + " removed");
    }

    KnowledgeIndexes indexes() {
        KnowledgeIndexes x = indexes;
        if (x == null) {
            synchronized (this) {
                x = indexes;
                if (x == null) {
                    Path root = root();
                    dev.langchain4j.model.embedding.EmbeddingModel embeddings = embeddingModel();
                    RetrievalSettings settings = embeddings == null ? RetrievalSettings.defaults()
                            : jp.kyodo.agents.knowledge.KnowledgeEmbeddings.withEmbeddingWeight(RetrievalSettings.defaults(),
                                    config.getOptionalValue("kyodo.embeddings.weight", Double.class).orElse(0.5));
                    x = KnowledgeIndexes.open(root, embeddings, settings);
                    LOG.info("[kyodo] knowledge indexes in " + root + (embeddings == null ? " (lexical signals only)"
                            : " with embeddings from " + config.getValue("kyodo.embeddings.base-url", String.class)));
                    indexes = x;
                }
            }
        }
        return x;
    }

    /**
     * The deployment's embedding model: {@code kyodo.embeddings.provider=openai-compatible} with
     * {@code kyodo.embeddings.base-url}, {@code .model}, {@code .api-key} (KYODO_EMBEDDINGS_* variables), or none
     * (the default: lexical signals only). One model for all cities: vectors of different models cannot be compared.
     */
    dev.langchain4j.model.embedding.EmbeddingModel embeddingModel() {
        String provider = config.getOptionalValue("kyodo.embeddings.provider", String.class).orElse("none").strip();
        return switch (provider) {
            case "", "none" -> null;
            case "openai-compatible" -> jp.kyodo.agents.knowledge.KnowledgeEmbeddings.openAiCompatible(
                    config.getValue("kyodo.embeddings.base-url", String.class),
                    config.getValue("kyodo.embeddings.model", String.class),
                    config.getOptionalValue("kyodo.embeddings.api-key", String.class).orElse(null),
                    java.time.Duration.ofSeconds(config.getOptionalValue("kyodo.embeddings.timeout-seconds", Integer.class)
                            .orElse(10)));
            default -> throw new IllegalStateException("kyodo.embeddings.provider must be none or openai-compatible, not "
                    + provider);
        };
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

    @PreDestroy
    void close() {
        KnowledgeIndexes x = indexes;
        indexes = null;
        concierge = null;
        if (x != null) {
            x.close();
        }
    }
}
