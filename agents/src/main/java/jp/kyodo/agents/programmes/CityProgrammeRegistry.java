package jp.kyodo.agents.programmes;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jp.kyodo.agents.programmes.internal.ProgrammeEntryRow;
import jp.kyodo.agents.programmes.internal.ProgrammeVersionRow;
import jp.kyodo.agents.programmes.internal.RegistryStore;
import jp.kyodo.agents.programmes.internal.ShippedTemplates;
import jp.kyodo.agents.programmes.internal.TemplateReader;
import jp.kyodo.agents.programmes.internal.Versions;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.RequestIdentity;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.audit.AuditLog;
import jp.kyodo.tenant.problem.Checks;
import jp.kyodo.tenant.problem.ProblemException;

/**
 * The programme registry of the current city (制度レジストリ): the city admin adopts, edits, hides and creates
 * programmes; every saved text is a new version; the published version is what {@link CityProgrammes} offers to
 * citizens. Which city is decided by the request's {@link TenantContext} and the database's binding, never by a
 * parameter. Texts are validated before they are saved: a 400 problem lists every error with its line and column.
 */
@ApplicationScoped
public class CityProgrammeRegistry {

    public static final String PUBLISHED = Versions.PUBLISHED;
    public static final String DRAFT = Versions.DRAFT;
    public static final String SUPERSEDED = Versions.SUPERSEDED;
    public static final String HIDDEN = "HIDDEN";

    @PersistenceContext(unitName = "kyodo")
    EntityManager em;
    @Inject
    TenantContext tenant;
    @Inject
    RequestIdentity identity;
    @Inject
    AuditLog audit;
    @Inject
    RegistryStore store;

    // ------------------------------------------------------------------ reading

    /** Every programme of the city (admin), or only the published, visible ones. */
    @Transactional
    public List<ProgrammeSummary> list(boolean publishedOnly) {
        tenant.city();
        store.ensureSeeded();
        List<ProgrammeSummary> out = new ArrayList<>();
        for (ProgrammeEntryRow e : em.createQuery("select e from ProgrammeEntryRow e order by e.programmeId",
                ProgrammeEntryRow.class).getResultList()) {
            if (publishedOnly && (e.hidden || e.publishedVersion == null)) {
                continue;
            }
            out.add(summary(e, publishedOnly ? version(e, e.publishedVersion) : version(e, e.latestVersion), !publishedOnly));
        }
        return out;
    }

    /** One programme; non-admins see only a published, visible one (404 otherwise). */
    @Transactional
    public ProgrammeDetail get(UUID id, boolean admin) {
        ProgrammeEntryRow e = entry(id);
        if (!admin && (e.hidden || e.publishedVersion == null)) {
            throw notFound();
        }
        List<ProgrammeVersionRow> rows = versions(e);
        ProgrammeVersionRow latest = rows.get(0);
        ProgrammeVersionRow published = e.publishedVersion == null ? null
                : rows.stream().filter(v -> java.util.Objects.equals(v.version, e.publishedVersion)).findFirst().orElse(null);
        List<ProgrammeVersion> versions = rows.stream().filter(v -> admin || java.util.Objects.equals(v.version, e.publishedVersion))
                .map(v -> new ProgrammeVersion(v.version, status(e, v.version), v.author, v.createdAt, v.comment, v.yaml))
                .toList();
        return new ProgrammeDetail(summary(e, admin ? latest : published, admin), published == null ? null : published.yaml,
                admin ? latest.yaml : null, versions);
    }

    /** Version history, newest first. */
    @Transactional
    public List<ProgrammeVersion> history(UUID id) {
        return get(id, true).versions();
    }

    /** Line diff between two versions of a programme. */
    @Transactional
    public List<DiffLine> diff(UUID id, int from, int to) {
        ProgrammeEntryRow e = entry(id);
        return LineDiff.diff(versionOrThrow(e, from).yaml, versionOrThrow(e, to).yaml);
    }

    // ------------------------------------------------------------------ validation

    /**
     * Validates a whole programme text for this city: YAML, registry fields, the CEL rule (merged with its parent's
     * rule for a derived programme), with every error's line and column in {@code yaml}.
     */
    @Transactional
    public RuleValidation validate(String yaml) {
        tenant.city();
        RegistryStore.Published published = store.published();
        return TemplateReader.validate(yaml, parentId -> published.all().find(parentId)
                .map(p -> Optional.ofNullable(p.rule())).orElse(null));
    }

    // ------------------------------------------------------------------ changing

    /** Creates the city's own programme (id {@code <city code>-nnnn}); version 1 is a draft. */
    @Transactional
    public ProgrammeDetail create(ProgrammeDraft draft) {
        Checks.valid(draft);
        City city = tenant.city();
        store.ensureSeeded();
        Programme p = checked(draft.yaml(), null);
        if (!p.id().startsWith(city.code() + "-")) {
            throw invalid(List.of(new RuleValidation.Issue(lineOf(draft.yaml(), "id"), 1, "id",
                    "市区町村独自の制度番号は「" + city.code() + "-」で始めてください（例: " + city.code() + "-0001）")));
        }
        Long existing = em.createQuery("select count(e) from ProgrammeEntryRow e where e.programmeId = :p", Long.class)
                .setParameter("p", p.id()).getSingleResult();
        if (existing > 0) {
            throw ProblemException.conflict("programme-exists", "制度番号 " + p.id() + " はすでにあります",
                    "programme " + p.id() + " already exists");
        }
        ProgrammeEntryRow e = new ProgrammeEntryRow();
        e.id = UUID.randomUUID();
        e.programmeId = p.id();
        e.origin = "OWN";
        e.latestVersion = 0;
        e.changedAt = OffsetDateTime.now();
        em.persist(e);
        em.flush();
        addVersion(e, draft.yaml(), draft.comment(), null, null);
        audit.record("programme.create", "programme_entry", e.id.toString(), Map.of("programme", p.id()));
        return get(e.id, true);
    }

    /** Saves a new version (a draft: citizens keep seeing the published one until it is published). */
    @Transactional
    public ProgrammeDetail saveDraft(UUID id, ProgrammeDraft draft) {
        Checks.valid(draft);
        ProgrammeEntryRow e = entry(id);
        checked(draft.yaml(), e.programmeId);
        ProgrammeVersionRow latest = versionOrThrow(e, e.latestVersion);
        addVersion(e, draft.yaml(), draft.comment(), latest.templateHash, latest.templateYaml);
        audit.record("programme.draft", "programme_entry", e.id.toString(),
                Map.of("programme", e.programmeId, "version", e.latestVersion));
        return get(e.id, true);
    }

    /** Publishes a version (null = the newest) after validating it again (its parent may have changed). */
    @Transactional
    public ProgrammeDetail publish(UUID id, Integer version, String comment) {
        ProgrammeEntryRow e = entry(id);
        int v = version == null ? e.latestVersion : version;
        ProgrammeVersionRow row = versionOrThrow(e, v);
        checked(row.yaml, e.programmeId);
        e.publishedVersion = v;
        e.publishedAt = OffsetDateTime.now();
        e.changedAt = e.publishedAt;
        em.flush();
        store.invalidate(tenant.city().id());
        audit.record("programme.publish", "programme_entry", e.id.toString(),
                Map.of("programme", e.programmeId, "version", v, "comment", comment == null ? "" : comment));
        return get(e.id, true);
    }

    /** Hides a programme from citizens, or shows it again. */
    @Transactional
    public ProgrammeDetail hide(UUID id, boolean hidden, String comment) {
        ProgrammeEntryRow e = entry(id);
        e.hidden = hidden;
        e.changedAt = OffsetDateTime.now();
        em.flush();
        store.invalidate(tenant.city().id());
        audit.record(hidden ? "programme.hide" : "programme.show", "programme_entry", e.id.toString(),
                Map.of("programme", e.programmeId, "comment", comment == null ? "" : comment));
        return get(e.id, true);
    }

    /** What changed in the shipped template since the city adopted it. */
    @Transactional
    public TemplateUpdate templateUpdate(UUID id) {
        ProgrammeEntryRow e = entry(id);
        if (e.templateId == null) {
            return new TemplateUpdate(false, null, false, List.of());
        }
        ProgrammeVersionRow latest = versionOrThrow(e, e.latestVersion);
        return Versions.templateUpdate(e.templateId, latest.yaml, latest.templateHash, latest.templateYaml,
                store.shipped().find(e.templateId));
    }

    /**
     * Takes the current shipped template: a new version with its text. Published at once when the city had not
     * edited the template; a draft to review otherwise (the city's edits are in the previous versions' diff).
     */
    @Transactional
    public ProgrammeDetail adoptTemplateUpdate(UUID id, String comment) {
        ProgrammeEntryRow e = entry(id);
        TemplateUpdate u = templateUpdate(id);
        if (!u.available()) {
            throw ProblemException.conflict("no-template-update", "この制度のテンプレートに更新はありません",
                    "no template update for this programme");
        }
        ShippedTemplates.Template t = store.shipped().find(e.templateId).orElseThrow();
        addVersion(e, t.yaml(), comment == null || comment.isBlank() ? "テンプレートの更新を取り込み" : comment, t.hash(), t.yaml());
        if (!u.edited()) {
            checked(t.yaml(), e.programmeId);
            e.publishedVersion = e.latestVersion;
            e.publishedAt = OffsetDateTime.now();
            e.changedAt = e.publishedAt;
            em.flush();
            store.invalidate(tenant.city().id());
        }
        audit.record("programme.template-update", "programme_entry", e.id.toString(),
                Map.of("programme", e.programmeId, "version", e.latestVersion, "published", !u.edited()));
        return get(e.id, true);
    }

    // ------------------------------------------------------------------ evaluating

    /**
     * "Try this rule": evaluates one programme for a household — the unsaved text in {@code input.yaml()} if given
     * (a 400 problem with positions when it is invalid), else the newest saved version. A derived programme is
     * resolved against the city's published parent. A rule that fails for this household gives ERROR, not an exception.
     */
    @Transactional
    public ProgrammeEvaluation tryRule(UUID id, HouseholdInput input) {
        ProgrammeEntryRow e = entry(id);
        String yaml = input.yaml() != null && !input.yaml().isBlank() ? input.yaml() : versionOrThrow(e, e.latestVersion).yaml;
        Programme draft = checked(yaml, e.programmeId);
        return evaluateOne(draft, input);
    }

    /** Evaluates an unsaved text not (yet) in the registry, e.g. a new programme in the editor. */
    @Transactional
    public ProgrammeEvaluation tryNew(HouseholdInput input) {
        tenant.city();
        if (input.yaml() == null || input.yaml().isBlank()) {
            throw ProblemException.badRequest("invalid-rule", "試す制度の内容（YAML）を入力してください", "yaml is required");
        }
        return evaluateOne(checked(input.yaml(), null), input);
    }

    /** Evaluates the city's published programmes offered on the date for a household (what citizens see). */
    @Transactional
    public List<ProgrammeEvaluation> evaluatePublished(HouseholdInput input) {
        City city = tenant.city();
        RegistryStore.Published p = store.published();
        LocalDate asOf = input.date();
        Household h = input.toHousehold(city.prefectureCode(), city.code(), incomeBases(p.engine().registry().all()));
        List<Programme> offered = p.engine().registry().offeredIn(city.prefectureCode(), city.code(), asOf).stream()
                .filter(x -> x.rule() != null).toList();
        return p.engine().evaluate(offered, h, asOf);
    }

    private ProgrammeEvaluation evaluateOne(Programme draft, HouseholdInput input) {
        City city = tenant.city();
        RegistryStore.Published p = store.published();
        Programme resolved = draft;
        if (draft.parentId() != null) {
            Optional<Programme> parent = p.all().find(draft.parentId());
            if (parent.isPresent()) {
                resolved = ProgrammeRegistry.of(List.of(parent.get(), draft), Map.of()).find(draft.id()).orElse(draft);
            }
        }
        List<Programme> bases = new ArrayList<>(p.all().all());
        bases.add(resolved);
        Household h = input.toHousehold(city.prefectureCode(), city.code(), incomeBases(bases));
        return p.engine().evaluate(resolved, h, input.date());
    }

    private static Set<String> incomeBases(List<Programme> programmes) {
        Set<String> out = new LinkedHashSet<>();
        for (Programme x : programmes) {
            if (x.rule() != null && x.rule().incomeBasis() != null) {
                out.add(x.rule().incomeBasis());
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ helpers

    /** Validates and parses; the id must be {@code expectedId} when given. 400 problem with positions otherwise. */
    private Programme checked(String yaml, String expectedId) {
        RuleValidation v = validate(yaml);
        if (!v.valid()) {
            throw invalid(v.issues());
        }
        Programme p;
        try {
            p = ProgrammeRegistry.parseTemplate(yaml, "draft");
        } catch (ProgrammeTemplateException ex) {
            throw invalid(ex.issues().isEmpty() ? List.of(new RuleValidation.Issue(1, 1, "", ex.getMessage())) : ex.issues());
        }
        if (expectedId != null && !expectedId.equals(p.id())) {
            throw invalid(List.of(new RuleValidation.Issue(lineOf(yaml, "id"), 1, "id",
                    "制度番号（id）は変更できません: " + expectedId + " のままにしてください")));
        }
        return p;
    }

    /** The 400 problem for an invalid text: {@code errors} lists line, column, path and message of each. */
    public static ProblemException invalid(List<RuleValidation.Issue> issues) {
        List<Map<String, Object>> errors = new ArrayList<>();
        for (RuleValidation.Issue i : issues) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("line", i.line());
            m.put("column", i.column());
            m.put("path", i.path());
            m.put("message", i.message());
            errors.add(m);
        }
        String detail = issues.stream().limit(5).map(i -> i.line() + "行" + i.column() + "列: " + i.message())
                .reduce((a, b) -> a + " / " + b).orElse("");
        return new ProblemException(400, "invalid-rule", "制度の内容に誤りがあります", "The programme text is invalid",
                detail, Map.of("errors", errors));
    }

    private static int lineOf(String yaml, String key) {
        Matcher m = Pattern.compile("^" + Pattern.quote(key) + "\\s*:", Pattern.MULTILINE).matcher(yaml);
        if (m.find()) {
            return (int) yaml.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
        }
        return 1;
    }

    private void addVersion(ProgrammeEntryRow e, String yaml, String comment, String templateHash, String templateYaml) {
        ProgrammeVersionRow v = new ProgrammeVersionRow();
        v.id = UUID.randomUUID();
        v.entryId = e.id;
        v.version = e.latestVersion + 1;
        v.yaml = yaml;
        v.templateHash = templateHash;
        v.templateYaml = templateYaml;
        v.author = identity.username() == null ? "unknown" : identity.username();
        v.comment = comment == null ? "" : comment.strip();
        v.createdAt = OffsetDateTime.now();
        em.persist(v);
        e.latestVersion = v.version;
        em.flush();
    }

    private ProgrammeEntryRow entry(UUID id) {
        tenant.city();
        ProgrammeEntryRow e = id == null ? null : em.find(ProgrammeEntryRow.class, id);
        if (e == null) {
            throw notFound();
        }
        return e;
    }

    private static ProblemException notFound() {
        return ProblemException.notFound("programme");
    }

    private List<ProgrammeVersionRow> versions(ProgrammeEntryRow e) {
        return em.createQuery("select v from ProgrammeVersionRow v where v.entryId = :e order by v.version desc",
                ProgrammeVersionRow.class).setParameter("e", e.id).getResultList();
    }

    private ProgrammeVersionRow version(ProgrammeEntryRow e, Integer version) {
        if (version == null || version < 1) {
            return null;
        }
        return em.createQuery("select v from ProgrammeVersionRow v where v.entryId = :e and v.version = :v",
                ProgrammeVersionRow.class).setParameter("e", e.id).setParameter("v", version).getResultStream()
                .findFirst().orElse(null);
    }

    private ProgrammeVersionRow versionOrThrow(ProgrammeEntryRow e, int version) {
        ProgrammeVersionRow v = version(e, version);
        if (v == null) {
            throw ProblemException.notFound("programme version " + version);
        }
        return v;
    }

    private static String status(ProgrammeEntryRow e, int version) {
        return Versions.status(e.publishedVersion, version);
    }

    private ProgrammeSummary summary(ProgrammeEntryRow e, ProgrammeVersionRow shown, boolean admin) {
        String name = e.programmeId;
        if (shown != null) {
            try {
                name = ProgrammeRegistry.parseTemplate(shown.yaml, e.programmeId).name();
            } catch (ProgrammeTemplateException ignored) {
                // keep the id as the name
            }
        }
        boolean update = false;
        if (admin && e.templateId != null) {
            ProgrammeVersionRow latest = shown != null && shown.version == e.latestVersion ? shown : version(e, e.latestVersion);
            update = latest != null && store.shipped().find(e.templateId)
                    .map(t -> !t.hash().equals(latest.templateHash)).orElse(false);
        }
        String status = e.hidden ? HIDDEN : e.publishedVersion == null ? DRAFT : PUBLISHED;
        boolean hasDraft = e.publishedVersion == null || e.latestVersion > e.publishedVersion;
        return new ProgrammeSummary(e.id, e.programmeId, name, e.origin, e.templateId, status, e.publishedVersion,
                admin ? e.latestVersion : e.publishedVersion == null ? 0 : e.publishedVersion, admin && hasDraft, e.hidden,
                update, e.publishedAt);
    }
}
