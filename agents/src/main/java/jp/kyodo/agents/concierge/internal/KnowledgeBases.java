package jp.kyodo.agents.concierge.internal;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import jp.kyodo.agents.knowledge.CityKnowledge;
import jp.kyodo.agents.knowledge.Concierge;
import jp.kyodo.agents.knowledge.ConciergeSettings;
import jp.kyodo.agents.knowledge.DemoKnowledge;
import jp.kyodo.agents.knowledge.KnowledgeDocument;
import jp.kyodo.agents.knowledge.KnowledgeIndex;
import jp.kyodo.agents.knowledge.KnowledgeIndexes;
import jp.kyodo.agents.knowledge.RetrievalSettings;
import jp.kyodo.agents.knowledge.TemplateCatalogue;
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
 * <p>An empty index is seeded at first use: the demo knowledge for the demo cities (282022, 132039), otherwise the
 * national templates filled with the city's name (entries still missing local facts stay drafts and are not
 * retrieved). The knowledge is not yet kept in PostgreSQL; the index directory is its only copy.
 */
@ApplicationScoped
public class KnowledgeBases {

    private static final Logger LOG = Logger.getLogger(KnowledgeBases.class.getName());

    @Inject
    TenantContext tenant;
    @Inject
    Config config;

    private volatile KnowledgeIndexes indexes;
    private volatile Concierge concierge;
    private final Set<TenantId> seeded = ConcurrentHashMap.newKeySet();

    /** The index key of a city: its registry id, never anything a request can choose. */
    public static TenantId keyOf(City city) {
        return TenantId.of(city.id().toString());
    }

    /** The concierge for the city bound to the current request. */
    public Concierge concierge() {
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

    /** The index of {@code city}, seeded first if it is empty. */
    public KnowledgeIndex indexOf(City city) {
        TenantId key = keyOf(city);
        KnowledgeIndex index = indexes().forTenant(key);
        if (!seeded.contains(key)) {
            synchronized (this) {
                if (!seeded.contains(key)) {
                    if (index.size() == 0) {
                        seed(index, city);
                    }
                    seeded.add(key);
                }
            }
        }
        return index;
    }

    private static void seed(KnowledgeIndex index, City city) {
        CityKnowledge k;
        TenantId code = TenantId.of(city.code());
        if (DemoKnowledge.tenants().contains(code)) {
            k = DemoKnowledge.load(code);
        } else {
            k = TemplateCatalogue.national().instantiate(code, city.name(), Map.of("city", city.name()), null, true);
        }
        index.setSynonyms(k.synonyms());
        index.upsertAll(k.faqs());
        for (KnowledgeDocument d : k.documents()) {
            index.upsert(d);
        }
        LOG.info("[kyodo] concierge knowledge of " + city.code() + " seeded: " + k.faqs().size() + " entries, "
                + k.documents().size() + " documents");
    }

    KnowledgeIndexes indexes() {
        KnowledgeIndexes x = indexes;
        if (x == null) {
            synchronized (this) {
                x = indexes;
                if (x == null) {
                    Path root = root();
                    x = KnowledgeIndexes.open(root, null, RetrievalSettings.defaults());
                    LOG.info("[kyodo] knowledge indexes in " + root);
                    indexes = x;
                }
            }
        }
        return x;
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
