package jp.kyodo.agents.programmes.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

import jp.kyodo.agents.programmes.EligibilityEngine;
import jp.kyodo.agents.programmes.Programme;
import jp.kyodo.agents.programmes.ProgrammeRegistry;
import jp.kyodo.agents.programmes.ProgrammeTemplateException;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.TenantContext;

/**
 * The rows of the current city's programme registry, its start from the shipped templates, and the compiled engine of
 * its published programmes, cached per (tenant id, registry revision) — never shared between cities. Every method
 * runs in the caller's transaction (the database's bound city decides which rows exist).
 */
@ApplicationScoped
public class RegistryStore {

    private static final Logger LOG = Logger.getLogger(RegistryStore.class.getName());
    /** Author of the versions Kyodo creates when a city starts from the shipped templates. */
    public static final String KYODO = "kyodo";

    @PersistenceContext(unitName = "kyodo")
    EntityManager em;
    @Inject
    TenantContext tenant;

    private volatile ShippedTemplates shipped;
    private final Map<UUID, Published> cache = new ConcurrentHashMap<>();

    /** The published registry of one city at one revision. */
    public record Published(UUID tenantId, String revision, ProgrammeRegistry all, Set<String> hidden,
                            EligibilityEngine engine) { }

    public ShippedTemplates shipped() {
        ShippedTemplates s = shipped;
        if (s == null) {
            s = ShippedTemplates.load();
            shipped = s;
        }
        return s;
    }

    /** For tests and releases: replace the shipped templates (clears every cached engine). */
    public void useTemplates(ShippedTemplates templates) {
        shipped = templates;
        cache.clear();
    }

    /**
     * Adds the shipped templates the city does not have yet (national and its prefecture's), each published as
     * version 1 by {@value #KYODO}. Safe when two requests do it at once.
     */
    @Transactional
    public void ensureSeeded() {
        City city = tenant.city();
        Set<String> have = new HashSet<>(em.createQuery(
                "select e.templateId from ProgrammeEntryRow e where e.templateId is not null", String.class).getResultList());
        for (ShippedTemplates.Template t : shipped().forCity(city.prefectureCode(), city.code())) {
            if (have.contains(t.id())) {
                continue;
            }
            UUID entryId = UUID.randomUUID();
            int inserted = em.createNativeQuery("INSERT INTO programme_entry (id, programme_id, origin, template_id, "
                            + "latest_version, published_version, published_at, changed_at) "
                            + "VALUES (?1, ?2, 'TEMPLATE', ?2, 1, 1, now(), now()) ON CONFLICT (tenant_id, programme_id) DO NOTHING")
                    .setParameter(1, entryId).setParameter(2, t.id()).executeUpdate();
            if (inserted == 1) {
                ProgrammeVersionRow v = new ProgrammeVersionRow();
                v.id = UUID.randomUUID();
                v.entryId = entryId;
                v.version = 1;
                v.yaml = t.yaml();
                v.templateHash = t.hash();
                v.templateYaml = t.yaml();
                v.author = KYODO;
                v.comment = "Kyodo の標準テンプレートから開始";
                v.createdAt = OffsetDateTime.now();
                em.persist(v);
            }
        }
        em.flush();
    }

    /** Changes whenever what citizens see changes (publish, hide, a new programme from the templates). */
    @Transactional
    public String revision() {
        Object[] r = (Object[]) em.createNativeQuery(
                "SELECT count(*), coalesce(max(changed_at)::text, '-') FROM programme_entry").getSingleResult();
        return r[0] + "@" + r[1];
    }

    /** The current city's published registry, compiled once per revision. */
    @Transactional
    public Published published() {
        City city = tenant.city();
        String revision = revision();
        Published p = cache.get(city.id());
        if (p != null && p.revision().equals(revision) && p.tenantId().equals(city.id())) {
            return p;
        }
        ensureSeeded();
        revision = revision();
        p = build(city.id(), revision);
        cache.put(city.id(), p);
        return p;
    }

    /** Drops the current city's compiled engine (after a publish; the revision would also change). */
    public void invalidate(UUID tenantId) {
        cache.remove(tenantId);
    }

    private Published build(UUID tenantId, String revision) {
        List<Object[]> rows = em.createQuery("select e, v from ProgrammeEntryRow e, ProgrammeVersionRow v "
                + "where v.entryId = e.id and v.version = e.publishedVersion order by e.programmeId", Object[].class)
                .getResultList();
        List<Programme> list = new ArrayList<>();
        Set<String> hidden = new HashSet<>();
        for (Object[] r : rows) {
            ProgrammeEntryRow e = (ProgrammeEntryRow) r[0];
            ProgrammeVersionRow v = (ProgrammeVersionRow) r[1];
            try {
                Programme programme = ProgrammeRegistry.parseTemplate(v.yaml, e.programmeId + " v" + v.version);
                list.add(programme);
                if (e.hidden) {
                    hidden.add(programme.id());
                }
            } catch (ProgrammeTemplateException ex) {
                // validated at save; a text that no longer reads (e.g. after an upgrade) is left out, not fatal
                LOG.log(Level.WARNING, "published programme {0} v{1} does not read: {2}",
                        new Object[] {e.programmeId, v.version, ex.getMessage()});
            }
        }
        ProgrammeRegistry all = ProgrammeRegistry.of(list, shipped().commonParameters());
        List<Programme> visible = all.all().stream().filter(x -> !hidden.contains(x.id())).toList();
        EligibilityEngine engine = new EligibilityEngine(ProgrammeRegistry.of(visible, shipped().commonParameters()));
        return new Published(tenantId, revision, all, Set.copyOf(hidden), engine);
    }
}
