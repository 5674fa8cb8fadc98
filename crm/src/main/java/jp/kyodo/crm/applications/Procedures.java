package jp.kyodo.crm.applications;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import jp.kyodo.agents.programmes.LineDiff;
import jp.kyodo.crm.applications.internal.DefinitionReader;
import jp.kyodo.crm.applications.internal.ProcedureEntryRow;
import jp.kyodo.crm.applications.internal.ProcedureVersionRow;
import jp.kyodo.crm.applications.internal.ShippedProcedures;
import jp.kyodo.tenant.RequestIdentity;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.audit.AuditLog;
import jp.kyodo.tenant.problem.ProblemException;

/**
 * The city's procedures (手続き) as data, like the programme registry: the shipped national templates are adopted on
 * first use (published), a city admin edits them (each save is a new draft version, validated whole), publishes a
 * version, hides a procedure, sees what changed in a template since adoption and adopts the update, and writes the
 * city's own procedures ({@code <city code>-…}). Citizens see published, visible procedures only.
 */
@ApplicationScoped
@Transactional
public class Procedures {

    /** A published procedure to apply for: the version row's id (applications pin it) and its definition. */
    public record Published(UUID versionId, ProcedureDefinition definition) {
    }

    @PersistenceContext(unitName = "kyodo")
    EntityManager em;
    @Inject
    TenantContext tenant;
    @Inject
    RequestIdentity identity;
    @Inject
    AuditLog audit;

    /** Parsed versions (immutable rows), keyed by city and version id. */
    private final Map<String, ProcedureDefinition> parsed = new ConcurrentHashMap<>();

    /** Every procedure of the city (admin and staff) or only the published, visible ones (citizens). */
    public List<ProcedureSummary> list(boolean publishedOnly) {
        adoptMissingTemplates();
        return em.createQuery("select e from ProcedureEntryRow e order by e.origin desc, e.procedureId",
                        ProcedureEntryRow.class).getResultStream()
                .filter(e -> !publishedOnly || e.publishedVersion != null && !e.hidden)
                .map(e -> summary(e, definition(e, publishedOnly))).toList();
    }

    /** One procedure; non-admins see only a published, visible one (404 otherwise). */
    public ProcedureDetail get(String procedureId, boolean admin) {
        ProcedureEntryRow e = entry(procedureId);
        if (!admin && (e.publishedVersion == null || e.hidden)) {
            throw ProblemException.notFound("procedure");
        }
        ProcedureVersionRow latest = version(e, e.latestVersion);
        ProcedureDefinition published = e.publishedVersion == null ? null : parse(version(e, e.publishedVersion));
        return new ProcedureDetail(summary(e, published != null ? published : parse(latest)),
                admin ? latest.yaml : null, published, admin ? templateDiff(e) : List.of());
    }

    /** The published version of a visible procedure, to start an application (404 otherwise). */
    public Published published(String procedureId) {
        tenant.city();
        // one statement when the city has the procedure (the definition is parsed once per version); the templates
        // are adopted only when it does not, as entry() would
        UUID v = publishedVersionId(procedureId).orElseGet(() -> {
            adoptMissingTemplates();
            return publishedVersionId(procedureId).orElseThrow(() -> ProblemException.notFound("procedure"));
        });
        return new Published(v, definition(v));
    }

    /**
     * The published definition of a visible procedure, or empty — never an error (pages that only need its words: the
     * labels of a life-event bundle's prepared values). Templates are not adopted here.
     */
    public java.util.Optional<ProcedureDefinition> publishedDefinition(String procedureId) {
        return publishedVersionId(procedureId).map(this::definition);
    }

    private java.util.Optional<UUID> publishedVersionId(String procedureId) {
        return em.createQuery("select v.id from ProcedureEntryRow e, ProcedureVersionRow v where e.procedureId = :p "
                        + "and e.hidden = false and v.entryId = e.id and v.version = e.publishedVersion", UUID.class)
                .setParameter("p", procedureId == null ? "" : procedureId).getResultStream().findFirst();
    }

    /** The definition an application was filed on (its pinned version). */
    public ProcedureDefinition definition(UUID versionId) {
        UUID city = tenant.city().id();
        ProcedureDefinition d = parsed.get(city + "/" + versionId);
        if (d != null) {
            return d;
        }
        ProcedureVersionRow v = em.find(ProcedureVersionRow.class, versionId);
        if (v == null) {
            throw ProblemException.notFound("procedure version");
        }
        return parse(v);
    }

    /** Checks a text without saving it (the editor's preview). */
    public List<DefinitionIssue> validate(String yaml) {
        return DefinitionReader.read(yaml).issues();
    }

    /** Creates the city's own procedure; its id must start with the city's code. Version 1 is a draft. */
    public ProcedureDetail create(String yaml, String comment) {
        ProcedureDefinition d = valid(yaml);
        String code = tenant.city().code();
        if (!d.id().startsWith(code + "-")) {
            throw new InvalidDefinition(List.of(new DefinitionIssue(1, 1, "/id",
                    "市区町村独自の手続きの id は「" + code + "-」で始めてください（" + d.id() + "）")));
        }
        adoptMissingTemplates();
        Long taken = em.createQuery("select count(e) from ProcedureEntryRow e where e.procedureId = :p", Long.class)
                .setParameter("p", d.id()).getSingleResult();
        if (taken > 0) {
            throw ProblemException.conflict("procedure-exists", "手続き " + d.id() + " はすでにあります。",
                    "Procedure " + d.id() + " already exists.");
        }
        ProcedureEntryRow e = new ProcedureEntryRow();
        e.id = UUID.randomUUID();
        e.procedureId = d.id();
        e.origin = "OWN";
        e.changedAt = OffsetDateTime.now();
        em.persist(e);
        em.flush();
        addVersion(e, yaml, null, comment);
        audit.record("procedure.create", "procedure_entry", e.id.toString(), Map.of("procedure", d.id()));
        return get(d.id(), true);
    }

    /** Saves a new draft version; citizens keep the published one until it is published. */
    public ProcedureDetail saveDraft(String procedureId, String yaml, String comment) {
        ProcedureEntryRow e = entry(procedureId);
        ProcedureDefinition d = valid(yaml);
        if (!d.id().equals(procedureId)) {
            throw new InvalidDefinition(List.of(new DefinitionIssue(1, 1, "/id",
                    "id は変えられません（" + procedureId + " のままにしてください）")));
        }
        addVersion(e, yaml, null, comment);
        audit.record("procedure.save", "procedure_entry", e.id.toString(), Map.of("version", e.latestVersion));
        return get(procedureId, true);
    }

    /** Publishes a version (null = the latest) after checking it again. */
    public ProcedureDetail publish(String procedureId, Integer version, String comment) {
        ProcedureEntryRow e = entry(procedureId);
        int v = version == null ? e.latestVersion : version;
        if (v < 1 || v > e.latestVersion) {
            throw ProblemException.notFound("procedure version");
        }
        valid(version(e, v).yaml);
        e.publishedVersion = v;
        e.publishedAt = OffsetDateTime.now();
        e.changedAt = e.publishedAt;
        audit.record("procedure.publish", "procedure_entry", e.id.toString(), Map.of("version", v,
                "comment", comment == null ? "" : comment));
        return get(procedureId, true);
    }

    /** Hides a procedure from citizens (no new applications; filed ones go on), or shows it again. */
    public ProcedureDetail hide(String procedureId, boolean hidden) {
        ProcedureEntryRow e = entry(procedureId);
        e.hidden = hidden;
        e.changedAt = OffsetDateTime.now();
        audit.record(hidden ? "procedure.hide" : "procedure.show", "procedure_entry", e.id.toString(), Map.of());
        return get(procedureId, true);
    }

    /** Takes the template as shipped now as a new draft version (the city reviews and publishes it). */
    public ProcedureDetail adoptTemplateUpdate(String procedureId, String comment) {
        ProcedureEntryRow e = entry(procedureId);
        var t = e.templateId == null ? null : ShippedProcedures.all().get(e.templateId);
        if (t == null) {
            throw ProblemException.conflict("not-a-template", "この手続きはひな形から作られていません。",
                    "This procedure does not follow a template.");
        }
        addVersion(e, t.yaml(), t.hash(), comment == null || comment.isBlank() ? "ひな形の更新を取り込み" : comment);
        return get(procedureId, true);
    }

    // ---------------------------------------------------------------- internals

    private ProcedureDefinition valid(String yaml) {
        var r = DefinitionReader.read(yaml);
        if (!r.valid()) {
            throw new InvalidDefinition(r.issues());
        }
        return r.definition();
    }

    private void addVersion(ProcedureEntryRow e, String yaml, String templateHash, String comment) {
        ProcedureVersionRow v = new ProcedureVersionRow();
        v.id = UUID.randomUUID();
        v.entryId = e.id;
        v.version = e.latestVersion + 1;
        v.yaml = yaml;
        v.templateHash = templateHash != null ? templateHash
                : e.latestVersion == 0 ? null : version(e, e.latestVersion).templateHash;
        v.author = identity.username() == null ? "system" : identity.username();
        v.comment = comment == null ? "" : comment.strip();
        v.createdAt = OffsetDateTime.now();
        em.persist(v);
        e.latestVersion = v.version;
        e.changedAt = v.createdAt;
        em.flush();
    }

    private ProcedureEntryRow entry(String procedureId) {
        tenant.city();
        adoptMissingTemplates();
        return em.createQuery("select e from ProcedureEntryRow e where e.procedureId = :p", ProcedureEntryRow.class)
                .setParameter("p", procedureId == null ? "" : procedureId).getResultStream().findFirst()
                .orElseThrow(() -> ProblemException.notFound("procedure"));
    }

    private ProcedureVersionRow version(ProcedureEntryRow e, int v) {
        return em.createQuery("select v from ProcedureVersionRow v where v.entryId = :e and v.version = :v",
                ProcedureVersionRow.class).setParameter("e", e.id).setParameter("v", v).getSingleResult();
    }

    private ProcedureDefinition definition(ProcedureEntryRow e, boolean publishedOnly) {
        int v = e.publishedVersion != null ? e.publishedVersion : e.latestVersion;
        return parse(version(e, v));
    }

    private ProcedureDefinition parse(ProcedureVersionRow v) {
        return parsed.computeIfAbsent(tenant.city().id() + "/" + v.id, k -> {
            var r = DefinitionReader.read(v.yaml);
            if (!r.valid()) {
                throw new IllegalStateException("stored procedure version " + v.id + " is invalid: " + r.issues());
            }
            return r.definition();
        });
    }

    private List<jp.kyodo.agents.programmes.DiffLine> templateDiff(ProcedureEntryRow e) {
        var t = e.templateId == null ? null : ShippedProcedures.all().get(e.templateId);
        if (t == null) {
            return List.of();
        }
        ProcedureVersionRow pinned = em.createQuery("select v from ProcedureVersionRow v where v.entryId = :e "
                        + "and v.templateHash is not null order by v.version desc", ProcedureVersionRow.class)
                .setParameter("e", e.id).setMaxResults(1).getResultStream().findFirst().orElse(null);
        if (pinned == null || pinned.templateHash.equals(t.hash())) {
            return List.of();
        }
        String adopted = em.createQuery("select v.yaml from ProcedureVersionRow v where v.entryId = :e and "
                        + "v.templateHash = :h order by v.version", String.class).setParameter("e", e.id)
                .setParameter("h", pinned.templateHash).setMaxResults(1).getSingleResult();
        return LineDiff.diff(adopted, t.yaml());
    }

    private ProcedureSummary summary(ProcedureEntryRow e, ProcedureDefinition d) {
        boolean changed = false;
        if (e.templateId != null) {
            var t = ShippedProcedures.all().get(e.templateId);
            changed = t != null && em.createQuery("select count(v) from ProcedureVersionRow v where v.entryId = :e "
                    + "and v.templateHash = :h", Long.class).setParameter("e", e.id).setParameter("h", t.hash())
                    .getSingleResult() == 0;
        }
        String status = e.hidden ? "HIDDEN" : e.publishedVersion == null ? "DRAFT" : "PUBLISHED";
        return new ProcedureSummary(e.procedureId, d.name(), d.nameEn(), d.summary(), e.origin, status,
                e.publishedVersion, e.latestVersion, changed, e.changedAt);
    }

    /**
     * Adopts (published, version 1) every shipped template the city does not have yet. Concurrent first uses are
     * safe: the entry insert skips a conflict, and only the transaction that inserted it writes version 1.
     */
    void adoptMissingTemplates() {
        tenant.city();
        Set<String> have = em.createQuery("select e.procedureId from ProcedureEntryRow e where e.templateId is not null",
                String.class).getResultStream().collect(Collectors.toSet());
        for (var t : ShippedProcedures.all().values()) {
            if (have.contains(t.id())) {
                continue;
            }
            UUID entry = UUID.randomUUID();
            int inserted = em.createNativeQuery("INSERT INTO procedure_entry (id, procedure_id, origin, template_id, "
                            + "latest_version, published_version, published_at) VALUES (?1, ?2, 'TEMPLATE', ?2, 1, 1, now()) "
                            + "ON CONFLICT (tenant_id, procedure_id) DO NOTHING").setParameter(1, entry)
                    .setParameter(2, t.id()).executeUpdate();
            if (inserted == 1) {
                em.createNativeQuery("INSERT INTO procedure_version (id, entry_id, version, yaml, template_hash, author, "
                                + "comment) VALUES (?1, ?2, 1, ?3, ?4, 'system', 'ひな形を採用')")
                        .setParameter(1, UUID.randomUUID()).setParameter(2, entry).setParameter(3, t.yaml())
                        .setParameter(4, t.hash()).executeUpdate();
            }
        }
    }
}
