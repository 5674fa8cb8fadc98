package jp.kyodo.agents.knowledgebase;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.logging.Logger;
import jp.kyodo.agents.retrieval.KnowledgeBases;
import jp.kyodo.agents.retrieval.KnowledgeIndex;
import jp.kyodo.agents.knowledgebase.internal.EntryValidator;
import jp.kyodo.agents.knowledgebase.internal.DocumentUpload;
import jp.kyodo.agents.knowledgebase.internal.EntryRow;
import jp.kyodo.agents.knowledgebase.internal.EntryVersionRow;
import jp.kyodo.agents.knowledgebase.internal.SynonymRow;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.RequestIdentity;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.audit.AuditLog;
import jp.kyodo.tenant.problem.ProblemException;

/**
 * The knowledge base of the current city in PostgreSQL. Every change of an entry writes a new version (who, when,
 * what); only the published copy of an entry is ever put into the city's search index, and that happens right after
 * the transaction commits (so a rolled-back change is never searchable), on the city's index lane; a call of this
 * service that is not inside a caller's transaction returns once the index has taken its change. Which city is decided by the request's
 * {@link TenantContext} and enforced by the database's row-level security.
 */
@ApplicationScoped
@IndexedWhenAnswered
public class KnowledgeBaseService {

    private static final Logger LOG = Logger.getLogger(KnowledgeBaseService.class.getName());
    /** Largest file accepted for import or document upload. */
    public static final int MAX_UPLOAD = 2 * 1024 * 1024;
    static final String FAQ = "FAQ";
    static final String DOCUMENT = "DOCUMENT";

    @PersistenceContext(unitName = "kyodo")
    EntityManager em;
    @Inject
    TenantContext tenant;
    @Inject
    RequestIdentity identity;
    @Inject
    AuditLog audit;
    @Inject
    KnowledgeBases bases;
    @Resource
    TransactionSynchronizationRegistry tsr;

    // ---------------------------------------------------------------- reading

    /**
     * Entries of the city, by id. {@code query} matches id, title and category (case-insensitive); {@code status}
     * DRAFT / PUBLISHED / HIDDEN; {@code kind} FAQ / DOCUMENT; each filter may be null. At most 1,000.
     */
    @Transactional
    public List<KbEntry> list(String query, String status, String kind) {
        seedIfNeverHad(tenant.city()); // the index is built at the city's first question (never inside this transaction)
        StringBuilder jpql = new StringBuilder("select e from EntryRow e where 1 = 1");
        Map<String, Object> params = new LinkedHashMap<>();
        if (query != null && !query.isBlank()) {
            jpql.append(" and (lower(e.id) like :q or lower(e.title) like :q or lower(e.category) like :q)");
            params.put("q", "%" + query.strip().toLowerCase(Locale.ROOT).replace("%", "").replace("_", "") + "%");
        }
        if (status != null && !status.isBlank()) {
            jpql.append(" and e.status = :s");
            params.put("s", status.strip().toUpperCase(Locale.ROOT));
        }
        if (kind != null && !kind.isBlank()) {
            jpql.append(" and e.kind = :k");
            params.put("k", kind.strip().toUpperCase(Locale.ROOT));
        }
        var q = em.createQuery(jpql.append(" order by e.id").toString(), EntryRow.class).setMaxResults(1000);
        params.forEach(q::setParameter);
        return q.getResultStream().map(KnowledgeBaseService::view).toList();
    }

    @Transactional
    public KbEntry get(String id) {
        tenant.city();
        return view(row(id));
    }

    /** The versions of an entry, newest first. */
    @Transactional
    public List<KbVersion> versions(String id) {
        tenant.city();
        row(id);
        return em.createQuery("select v from EntryVersionRow v where v.entryId = :id order by v.version desc",
                EntryVersionRow.class).setParameter("id", id).setMaxResults(500).getResultStream().map(v -> {
                    FaqEntry f = null;
                    KnowledgeDocument d = null;
                    if (v.content != null && v.content.contains("\"question\"")) {
                        f = read(v.content, FaqEntry.class);
                    } else if (v.content != null) {
                        d = read(v.content, KnowledgeDocument.class);
                    }
                    return new KbVersion(v.entryId, v.version, v.action, v.status, v.changedBy, v.changedAt, f, d);
                }).toList();
    }

    // ---------------------------------------------------------------- editing

    /** Creates or edits an FAQ entry: a new draft version, published at once when {@code publish} is true. */
    @Transactional
    public KbEntry saveFaq(String id, KbFaqInput in) {
        City city = tenant.city();
        if (in == null) {
            throw ProblemException.badRequest("invalid-entry", "内容を送信してください", "send the entry");
        }
        String entryId = id != null ? id : in.id();
        FaqEntry e = new FaqEntry(entryId == null ? "" : entryId.strip(), nz(in.question()).strip(),
                in.alternatives(), nz(in.answer()).strip(), in.category(), in.department(), in.sourceUrl(),
                in.validFrom(), in.validTo(), in.language(), EntryStatus.DRAFT);
        check(e);
        boolean publish = Boolean.TRUE.equals(in.publish());
        EntryRow r = write(city, e.id(), FAQ, e.question(), e.category(), json(e), publish, null);
        return view(r);
    }

    /** Creates or edits a document (text as given: plain, Markdown or HTML). */
    @Transactional
    public KbEntry saveDocument(String id, KbDocumentInput in) {
        City city = tenant.city();
        if (in == null) {
            throw ProblemException.badRequest("invalid-entry", "内容を送信してください", "send the document");
        }
        DocumentFormat format;
        try {
            format = in.format() == null || in.format().isBlank() ? DocumentFormat.PLAIN
                    : DocumentFormat.valueOf(in.format().strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("invalid-entry", "形式は PLAIN, MARKDOWN, HTML のいずれかです",
                    "format must be PLAIN, MARKDOWN or HTML");
        }
        String entryId = id != null ? id : in.id();
        KnowledgeDocument d = new KnowledgeDocument(entryId == null ? "" : entryId.strip(), nz(in.title()).strip(),
                nz(in.text()), format, in.sourceUrl(), in.language(), EntryStatus.DRAFT);
        check(d);
        EntryRow r = write(city, d.id(), DOCUMENT, d.title(), "", json(d), Boolean.TRUE.equals(in.publish()), null);
        return view(r);
    }

    /**
     * A document from an uploaded file: text/plain, text/markdown, text/html or application/pdf (its text, via
     * PDFBox). Anything else, binary content or a PDF without text is refused with a clear message.
     */
    @Transactional
    public KbEntry uploadDocument(String id, String title, String filename, String contentType, byte[] bytes,
                                  boolean publish) {
        tenant.city();
        if (bytes != null && bytes.length > MAX_UPLOAD) {
            throw tooLarge();
        }
        DocumentUpload.Extracted x;
        try {
            x = DocumentUpload.extract(filename, contentType, bytes);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(415, "unsupported-document", "この形式のファイルは登録できません",
                    "Unsupported document", e.getMessage());
        }
        String t = title == null || title.isBlank() ? x.title() : title;
        return saveDocument(id, new KbDocumentInput(id, t, x.text(), x.format().name(), null, null, publish));
    }

    /** Publishes the entry's working copy: citizens are answered from it within seconds. */
    @Transactional
    public KbEntry publish(String id) {
        City city = tenant.city();
        EntryRow r = row(id);
        return view(write(city, id, r.kind, r.title, r.category, r.content, true, "PUBLISH"));
    }

    /** Withdraws the published copy; the entry stays as a draft. */
    @Transactional
    public KbEntry unpublish(String id) {
        City city = tenant.city();
        EntryRow r = row(id);
        r.published = null;
        r.status = EntryStatus.DRAFT.name();
        touch(city, r, "UNPUBLISH");
        return view(r);
    }

    /** Hides the entry (e.g. a template the city does not want): never answered, kept for the template list. */
    @Transactional
    public KbEntry hide(String id) {
        City city = tenant.city();
        EntryRow r = row(id);
        r.published = null;
        r.status = "HIDDEN";
        touch(city, r, "HIDE");
        return view(r);
    }

    /** Deletes an entry (its versions stay); a template entry should rather be hidden. */
    @Transactional
    public void delete(String id) {
        City city = tenant.city();
        EntryRow r = row(id);
        r.version++;
        r.updatedBy = who();
        version(r, "DELETE");
        em.remove(r);
        em.flush();
        audit.record("knowledge.delete", "knowledge_entry", id, Map.of());
        afterCommit(city).remove(id);
    }

    // ---------------------------------------------------------------- synonyms

    @Transactional
    public List<SynonymGroup> synonyms() {
        tenant.city();
        return synonymRows().stream().map(s -> new SynonymGroup(read(s.terms, new TypeReference<List<String>>() {
        }))).toList();
    }

    /** Replaces the city's synonym groups (each at least two distinct non-empty terms); used at once. */
    @Transactional
    public List<SynonymGroup> replaceSynonyms(List<List<String>> groups) {
        City city = tenant.city();
        List<SynonymGroup> clean = new ArrayList<>();
        for (List<String> g : groups == null ? List.<List<String>>of() : groups) {
            List<String> terms = g == null ? List.of() : g.stream().filter(Objects::nonNull).map(String::strip)
                    .filter(s -> !s.isEmpty()).distinct().toList();
            if (terms.size() < 2 || terms.stream().anyMatch(s -> s.length() > 100)) {
                throw ProblemException.badRequest("invalid-synonyms",
                        "同義語のグループには、100文字以内の異なる語を2つ以上入れてください",
                        "each synonym group needs two or more distinct terms of at most 100 characters");
            }
            clean.add(new SynonymGroup(terms));
        }
        if (clean.size() > 2000) {
            throw ProblemException.badRequest("invalid-synonyms", "同義語のグループは2000までです", "at most 2,000 groups");
        }
        storeSynonyms(clean);
        audit.record("knowledge.synonyms", "knowledge_synonym", city.code(), Map.of("groups", clean.size()));
        afterCommit(city).synonyms = clean;
        return clean;
    }

    // ---------------------------------------------------------------- import / export

    /**
     * Reads a CSV (UTF-8 with or without BOM, Shift_JIS/CP932; detected) or JSON file and, unless
     * {@code commit}, saves nothing. With {@code commit} every entry is saved in this one transaction (each entry
     * gets a version; published ones are published), or none when any row has an error.
     */
    @Transactional
    public KbImportResult importFaqs(byte[] file, boolean commit) {
        City city = tenant.city();
        if (file == null || file.length == 0) {
            throw ProblemException.badRequest("empty-file", "ファイルが空です", "the file is empty");
        }
        if (file.length > MAX_UPLOAD) {
            throw tooLarge();
        }
        if (DocumentUpload.looksBinary(file)) {
            throw new ProblemException(415, "unsupported-file", "CSV または JSON のファイルではありません",
                    "Not a CSV or JSON file",
                    "CSV（UTF-8 / Shift_JIS）か JSON のファイルを選んでください。Excel ブック（.xlsx）は「CSV」で保存し直してください。");
        }
        ImportPreview p = isJson(file) ? KnowledgeJson.preview(file) : KnowledgeCsv.preview(file);
        int created = 0;
        int updated = 0;
        List<RowError> errors = new ArrayList<>(p.errors());
        for (FaqEntry e : p.entries()) {
            EntryRow existing = em.find(EntryRow.class, e.id());
            if (existing == null) {
                created++;
            } else if (DOCUMENT.equals(existing.kind)) {
                // the preview's entries do not carry their row; the id names it
                errors.add(new RowError(0, "csv".equals(p.format()) ? "ID" : "id",
                        "ID「" + e.id() + "」は文書に使われています。別のIDにしてください。"));
            } else {
                updated++;
            }
        }
        if (p.entries().isEmpty() && errors.isEmpty()) {
            errors.add(new RowError(0, "", "取り込む行がありません。"));
        }
        if (!commit || !errors.isEmpty()) {
            return new KbImportResult(p.format(), p.encoding(), p.entries().size(), created, updated, errors, false);
        }
        for (FaqEntry e : p.entries()) {
            boolean publish = e.status() == EntryStatus.PUBLISHED;
            FaqEntry draft = withStatus(e, EntryStatus.DRAFT);
            write(city, e.id(), FAQ, e.question(), e.category(), json(draft), publish, "IMPORT");
        }
        audit.record("knowledge.import", "knowledge_entry", city.code(),
                Map.of("format", p.format(), "entries", p.entries().size()));
        return new KbImportResult(p.format(), p.encoding(), p.entries().size(), created, updated, List.of(), true);
    }

    /** The city's FAQ entries (working copies with their status; hidden ones left out) as CSV. */
    @Transactional
    public byte[] exportCsv(KnowledgeCsv.Encoding encoding) {
        tenant.city();
        try {
            return KnowledgeCsv.export(exportable(), encoding);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("export-encoding", e.getMessage(), "some characters do not fit Shift_JIS");
        }
    }

    /** The city's FAQ entries, documents and synonyms as a {@code kyodo-knowledge/1} JSON bundle. */
    @Transactional
    public String exportJson() {
        City city = tenant.city();
        List<KnowledgeDocument> docs = em.createQuery(
                        "select e from EntryRow e where e.kind = 'DOCUMENT' and e.status <> 'HIDDEN' order by e.id",
                        EntryRow.class).getResultStream()
                .map(r -> withStatus(read(r.content, KnowledgeDocument.class), status(r))).toList();
        return KnowledgeJson.write(new CityKnowledge(KnowledgeBases.keyOf(city), city.name(), exportable(), docs,
                synonyms()));
    }

    private List<FaqEntry> exportable() {
        return em.createQuery("select e from EntryRow e where e.kind = 'FAQ' and e.status <> 'HIDDEN' order by e.id",
                EntryRow.class).getResultStream().map(r -> withStatus(read(r.content, FaqEntry.class), status(r))).toList();
    }

    // ---------------------------------------------------------------- national templates

    /** Every national template and where the city stands with it, updates of this release first. */
    @Transactional
    public List<TemplateStatus> templates() {
        City city = tenant.city();
        seedIfNeverHad(city);
        Map<String, FaqEntry> current = templateEntries(city);
        List<TemplateStatus> out = new ArrayList<>();
        for (FaqEntry t : current.values()) {
            EntryRow r = em.find(EntryRow.class, t.id());
            if (r == null || r.templateId == null) {
                out.add(new TemplateStatus(t.id(), t.question(), "NOT_ADOPTED", false, List.of()));
                continue;
            }
            FaqEntry base = r.templateBase == null ? null : read(r.templateBase, FaqEntry.class);
            List<TemplateStatus.FieldChange> changes = diff(base, t);
            String state = "HIDDEN".equals(r.status) ? "HIDDEN"
                    : base != null && same(base, read(r.content, FaqEntry.class)) ? "ADOPTED" : "EDITED";
            out.add(new TemplateStatus(t.id(), t.question(), state, !changes.isEmpty(), changes));
        }
        out.sort(Comparator.comparing((TemplateStatus s) -> !s.updated()).thenComparing(TemplateStatus::templateId));
        return out;
    }

    /**
     * Takes the template as this release has it: adopts a template not adopted yet (or hidden), or replaces the
     * city's version by the updated template. Saved as a draft unless {@code publish}.
     */
    @Transactional
    public KbEntry adoptTemplate(String templateId, boolean publish) {
        City city = tenant.city();
        FaqEntry t = templateEntries(city).get(templateId);
        if (t == null) {
            throw ProblemException.notFound("template");
        }
        EntryRow existing = em.find(EntryRow.class, templateId);
        if (existing != null && existing.templateId == null) {
            throw ProblemException.conflict("id-taken", "同じIDの独自の項目があるため採用できません",
                    "the city has its own entry with this id");
        }
        FaqEntry draft = withStatus(t, EntryStatus.DRAFT);
        EntryRow r = write(city, t.id(), FAQ, t.question(), t.category(), json(draft), publish,
                existing == null ? "ADOPT" : "TEMPLATE_UPDATE");
        r.templateId = t.id();
        r.templateBase = json(draft);
        return view(r);
    }

    /** Keeps the city's own version and marks the template's changes as seen. */
    @Transactional
    public KbEntry keepOwnVersion(String templateId) {
        City city = tenant.city();
        FaqEntry t = templateEntries(city).get(templateId);
        EntryRow r = em.find(EntryRow.class, templateId);
        if (t == null || r == null || r.templateId == null) {
            throw ProblemException.notFound("template");
        }
        r.templateBase = json(withStatus(t, EntryStatus.DRAFT));
        audit.record("knowledge.template-keep", "knowledge_entry", templateId, Map.of());
        return view(r);
    }

    /** What differs between the template as adopted and as this release has it (question, phrasings, answer …). */
    static List<TemplateStatus.FieldChange> diff(FaqEntry before, FaqEntry after) {
        List<TemplateStatus.FieldChange> out = new ArrayList<>();
        if (before == null) {
            return out;
        }
        field(out, "question", before.question(), after.question());
        field(out, "alternatives", phrasings(before), phrasings(after));
        field(out, "answer", before.answer(), after.answer());
        field(out, "category", before.category(), after.category());
        field(out, "department", before.department(), after.department());
        field(out, "sourceUrl", before.sourceUrl(), after.sourceUrl());
        return out;
    }

    private static void field(List<TemplateStatus.FieldChange> out, String name, String a, String b) {
        if (!Objects.equals(a, b)) {
            out.add(new TemplateStatus.FieldChange(name, a, b));
        }
    }

    private static String phrasings(FaqEntry e) {
        return String.join("\n", e.alternatives().stream().map(p -> "[" + p.language() + "] " + p.text()).toList());
    }

    private static boolean same(FaqEntry a, FaqEntry b) {
        return diff(a, b).isEmpty();
    }

    private static Map<String, FaqEntry> templateEntries(City city) {
        CityKnowledge k = TemplateCatalogue.national().instantiate(TenantId.of(city.code()), city.name(),
                Map.of("city", city.name()), null, true);
        Map<String, FaqEntry> m = new LinkedHashMap<>();
        k.faqs().forEach(f -> m.put(f.id(), f));
        return m;
    }

    // ---------------------------------------------------------------- the index

    /**
     * The city's published knowledge as the search index must hold it; seeds the knowledge base first when the
     * city has never had any (no entry and no version: a city that deleted everything stays empty) (demo cities: their demo knowledge plus the national templates as drafts; every other
     * city: the national templates, those complete published). Runs in the caller's transaction.
     */
    @Transactional
    public CityKnowledge publishedKnowledge() {
        City city = tenant.city();
        seedIfNeverHad(city);
        List<FaqEntry> faqs = new ArrayList<>();
        List<KnowledgeDocument> docs = new ArrayList<>();
        em.createQuery("select e from EntryRow e where e.published is not null and e.status <> 'HIDDEN'",
                EntryRow.class).getResultStream().forEach(r -> {
                    if (FAQ.equals(r.kind)) {
                        faqs.add(withStatus(read(r.published, FaqEntry.class), EntryStatus.PUBLISHED));
                    } else {
                        docs.add(withStatus(read(r.published, KnowledgeDocument.class), EntryStatus.PUBLISHED));
                    }
                });
        return new CityKnowledge(KnowledgeBases.keyOf(city), city.name(), faqs, docs, synonyms());
    }

    /**
     * Seeds the city's knowledge base when it has never had any (no entry and no version), in the caller's
     * transaction: what a first look at the knowledge base needs, without building the search index.
     */
    @Transactional
    public void seedIfNeverHad() {
        seedIfNeverHad(tenant.city());
    }

    private void seedIfNeverHad(City city) {
        if (!neverHad()) {
            return;
        }
        // Two first uses at once (the index build and a staff page, two pages, two servers) would both find nothing
        // and both seed: the second's inserts would fail on the first's keys. Seeders of one city take turns here,
        // and the second, once the first has committed, finds its rows (read committed: a new statement sees them).
        em.createNativeQuery("SELECT pg_advisory_xact_lock(hashtext(?1))")
                .setParameter(1, "kyodo.knowledge.seed/" + city.id()).getSingleResult();
        if (neverHad() && stillServed(city)) {
            seed(city);
        }
    }

    /** No entry and no version: a city that never had knowledge (a city that deleted everything is not seeded again). */
    private boolean neverHad() {
        return em.createQuery("select count(e) from EntryRow e", Long.class).getSingleResult() == 0
                && em.createQuery("select count(v) from EntryVersionRow v", Long.class).getSingleResult() == 0;
    }

    /**
     * A fingerprint of the city's knowledge as the indexes see it: entries (count, the sum of their versions, the last
     * change) and synonym groups (count, last change). Every save, publish, hide, delete and synonym change alters it,
     * so a server compares it with the fingerprint its index was built from to notice a change made on another server
     * ({@link KnowledgeBases#indexOf}). One aggregate over the city's rows. Runs in the caller's transaction.
     */
    @Transactional
    public String publishedSignature() {
        tenant.city();
        Object sig = em.createNativeQuery("SELECT (SELECT count(*) || ':' || coalesce(sum(version), 0) || ':'"
                + " || coalesce(max(updated_at)::text, '') FROM knowledge_entry) || '|' || (SELECT count(*) || ':'"
                + " || coalesce(max(updated_at)::text, '') FROM knowledge_synonym)").getSingleResult();
        return String.valueOf(sig);
    }

    /**
     * True when the city is still one that is served or being created, with a shared lock on its row until this
     * transaction ends: a city whose deletion was approved meanwhile (a background build that listed it before) gets
     * no rows written under its id after its purge — the purge's own update of the row waits for this transaction, or
     * this one sees it.
     */
    private boolean stillServed(City city) {
        List<?> status = em.createNativeQuery("SELECT status FROM city WHERE id = ?1 FOR SHARE")
                .setParameter(1, city.id()).getResultList();
        boolean served = !status.isEmpty() && ("ACTIVE".equals(status.get(0)) || "PROVISIONING".equals(status.get(0)));
        if (!served) {
            LOG.info("[kyodo] knowledge base of " + city.code() + " not seeded: the city is "
                    + (status.isEmpty() ? "gone" : status.get(0)));
        }
        return served;
    }

    private void seed(City city) {
        String who = "system";
        TenantId code = TenantId.of(city.code());
        CityKnowledge templates = TemplateCatalogue.national().instantiate(code, city.name(),
                Map.of("city", city.name()), null, true);
        // demo knowledge only on a development stack: a production city never gets it because of its code
        boolean demo = jp.kyodo.tenant.DevMode.on() && DemoKnowledge.tenants().contains(code);
        CityKnowledge own = demo ? DemoKnowledge.load(code) : templates;
        for (FaqEntry e : own.faqs()) {
            insertSeed(e.id(), FAQ, e.question(), e.category(), json(withStatus(e, EntryStatus.DRAFT)),
                    e.status() == EntryStatus.PUBLISHED, demo ? null : e.id(), who);
        }
        for (KnowledgeDocument d : own.documents()) {
            insertSeed(d.id(), DOCUMENT, d.title(), "", json(withStatus(d, EntryStatus.DRAFT)),
                    d.status() == EntryStatus.PUBLISHED, null, who);
        }
        if (demo) {
            // the templates are offered to the demo cities as drafts next to their own knowledge
            for (FaqEntry e : templates.faqs()) {
                if (em.find(EntryRow.class, e.id()) == null) {
                    insertSeed(e.id(), FAQ, e.question(), e.category(), json(withStatus(e, EntryStatus.DRAFT)), false,
                            e.id(), who);
                }
            }
        }
        storeSynonyms(own.synonyms());
        em.flush();
        LOG.info("[kyodo] knowledge base of " + city.code() + " seeded: " + own.faqs().size() + " entries, "
                + own.documents().size() + " documents" + (demo ? " (demo) + templates as drafts" : " (templates)"));
    }

    private void insertSeed(String id, String kind, String title, String category, String content, boolean publish,
                            String templateId, String who) {
        EntryRow r = new EntryRow();
        r.id = id;
        r.kind = kind;
        r.title = clip(title);
        r.category = category;
        r.content = content;
        r.published = publish ? content : null;
        r.status = publish ? EntryStatus.PUBLISHED.name() : EntryStatus.DRAFT.name();
        r.version = 1;
        r.templateId = templateId;
        r.templateBase = templateId == null ? null : content;
        r.updatedAt = OffsetDateTime.now();
        r.updatedBy = who;
        em.persist(r);
        version(r, "SEED");
    }

    // ---------------------------------------------------------------- internals

    private EntryRow write(City city, String id, String kind, String title, String category, String content,
                           boolean publish, String action) {
        EntryRow r = em.find(EntryRow.class, id);
        boolean created = r == null;
        if (created) {
            r = new EntryRow();
            r.id = id;
            r.kind = kind;
            r.version = 0;
        } else if (!r.kind.equals(kind)) {
            throw ProblemException.conflict("kind-mismatch", "同じIDの" + (FAQ.equals(r.kind) ? "FAQ" : "文書")
                    + "があります。別のIDにしてください", "an entry of the other kind has this id");
        }
        r.title = clip(title);
        r.category = category;
        r.content = content;
        if (publish) {
            r.published = content;
            r.status = EntryStatus.PUBLISHED.name();
        } else {
            r.status = EntryStatus.DRAFT.name();
        }
        String a = action != null ? action : created ? "CREATE" : "EDIT";
        if (publish && action == null) {
            a = "PUBLISH";
        }
        if (created) {
            r.version = 1;
            r.updatedAt = OffsetDateTime.now();
            r.updatedBy = who();
            em.persist(r);
            version(r, a);
            em.flush();
            audit.record("knowledge." + a.toLowerCase(Locale.ROOT), "knowledge_entry", id, Map.of("status", r.status));
            schedule(city, r);
        } else {
            touch(city, r, a);
        }
        return r;
    }

    private void touch(City city, EntryRow r, String action) {
        r.version++;
        r.updatedAt = OffsetDateTime.now();
        r.updatedBy = who();
        version(r, action);
        em.flush();
        audit.record("knowledge." + action.toLowerCase(Locale.ROOT), "knowledge_entry", r.id, Map.of("status", r.status));
        schedule(city, r);
    }

    private void version(EntryRow r, String action) {
        EntryVersionRow v = new EntryVersionRow();
        v.id = UUID.randomUUID();
        v.entryId = r.id;
        v.version = r.version;
        v.action = action;
        v.status = r.status;
        v.content = r.content;
        v.changedBy = r.updatedBy == null ? who() : r.updatedBy;
        v.changedAt = OffsetDateTime.now();
        em.persist(v);
    }

    private void schedule(City city, EntryRow r) {
        Changes c = afterCommit(city);
        if (r.published == null || "HIDDEN".equals(r.status)) {
            c.remove(r.id);
        } else if (FAQ.equals(r.kind)) {
            c.faqs.put(r.id, withStatus(read(r.published, FaqEntry.class), EntryStatus.PUBLISHED));
            c.documents.remove(r.id);
            c.deletes.remove(r.id);
        } else {
            c.documents.put(r.id, withStatus(read(r.published, KnowledgeDocument.class), EntryStatus.PUBLISHED));
            c.faqs.remove(r.id);
            c.deletes.remove(r.id);
        }
    }

    /** What the index must do once the transaction has committed; nothing when it rolls back. */
    private Changes afterCommit(City city) {
        String key = Changes.class.getName();
        Changes c = (Changes) tsr.getResource(key);
        if (c == null) {
            Changes created = new Changes(city);
            tsr.putResource(key, created);
            tsr.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(int status) {
                    if (status == Status.STATUS_COMMITTED) {
                        created.applyTo(bases);
                    }
                }
            });
            c = created;
        }
        return c;
    }

    /** The index changes of one transaction, last write per entry wins. */
    static final class Changes {
        final City city;
        final Map<String, FaqEntry> faqs = new LinkedHashMap<>();
        final Map<String, KnowledgeDocument> documents = new LinkedHashMap<>();
        final java.util.Set<String> deletes = new java.util.LinkedHashSet<>();
        List<SynonymGroup> synonyms;

        Changes(City city) {
            this.city = city;
        }

        void remove(String id) {
            faqs.remove(id);
            documents.remove(id);
            deletes.add(id);
        }

        /**
         * Hands the changes to the city's index lane (they may call the embedding model): this thread's transaction
         * has ended, but its request must not wait here for the model — see {@link KnowledgeBases#afterCommit}.
         */
        void applyTo(KnowledgeBases bases) {
            bases.afterCommit(city, this::applyTo);
        }

        private void applyTo(KnowledgeIndex index) {
            if (synonyms != null) {
                index.setSynonyms(synonyms);
            }
            if (!faqs.isEmpty()) {
                index.upsertAll(faqs.values());
            }
            for (KnowledgeDocument d : documents.values()) {
                index.upsert(d);
            }
            for (String id : deletes) {
                index.delete(id);
            }
        }
    }

    private List<SynonymRow> synonymRows() {
        return em.createQuery("select s from SynonymRow s order by s.updatedAt, s.id", SynonymRow.class).getResultList();
    }

    private void storeSynonyms(List<SynonymGroup> groups) {
        for (SynonymRow s : synonymRows()) {
            em.remove(s);
        }
        em.flush();
        OffsetDateTime now = OffsetDateTime.now();
        int i = 0;
        for (SynonymGroup g : groups) {
            SynonymRow s = new SynonymRow();
            s.id = UUID.randomUUID();
            s.terms = json(g.terms());
            s.updatedAt = now.plusNanos(1000L * i++); // keeps the given order
            s.updatedBy = who();
            em.persist(s);
        }
        em.flush();
    }

    private static final java.util.regex.Pattern ENTRY_ID = java.util.regex.Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$");

    private EntryRow row(String id) {
        // an id outside the table's own pattern (V310) names no entry, and never reaches the database (a NUL in it
        // would be a database error there, not a "not found")
        EntryRow r = id == null || !ENTRY_ID.matcher(id).matches() ? null : em.find(EntryRow.class, id);
        if (r == null) {
            throw ProblemException.notFound("knowledge entry");
        }
        return r;
    }

    private static void check(FaqEntry e) {
        List<RowError> errors = new ArrayList<>();
        EntryValidator.validate(e, 0, errors, "id", "question", "alternatives", "answer", "sourceUrl", "validFrom",
                "language");
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("invalid-entry", String.join(" ", errors.stream()
                    .map(x -> x.column() + ": " + x.message()).toList()), "the entry is not valid");
        }
    }

    private static void check(KnowledgeDocument d) {
        List<String> errors = new ArrayList<>();
        if (!d.id().matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
            errors.add("id: IDには半角英数字と「-」「_」「.」だけを使ってください（100文字まで）。");
        }
        if (d.title().isBlank() || d.title().length() > 500) {
            errors.add("title: 題名を500文字以内で入力してください。");
        }
        if (d.text().isBlank()) {
            errors.add("text: 本文が空です。");
        } else if (d.text().length() > 1_000_000) {
            errors.add("text: 本文が長すぎます（100万文字まで）。");
        }
        if (!d.sourceUrl().isEmpty() && !d.sourceUrl().matches("https?://\\S+")) {
            errors.add("sourceUrl: 出典URLは http:// または https:// で始まるURLにしてください。");
        }
        if (!EntryValidator.LANGUAGES.contains(d.language())) {
            errors.add("language: 言語コードが使えません（ja, en, zh, ko, vi）。");
        }
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("invalid-entry", String.join(" ", errors), "the document is not valid");
        }
    }

    static ProblemException tooLarge() {
        return new ProblemException(413, "file-too-large", "ファイルが大きすぎます", "File too large",
                "ファイルは2MBまでです。分割して取り込んでください。 The limit is 2 MB.");
    }

    private static boolean isJson(byte[] file) {
        String head = new String(file, 0, Math.min(file.length, 64), StandardCharsets.UTF_8).replace("\uFEFF", "").strip();
        return head.startsWith("{") || head.startsWith("[");
    }

    private static EntryStatus status(EntryRow r) {
        return EntryStatus.PUBLISHED.name().equals(r.status) ? EntryStatus.PUBLISHED : EntryStatus.DRAFT;
    }

    static KbEntry view(EntryRow r) {
        FaqEntry f = FAQ.equals(r.kind) ? withStatus(read(r.content, FaqEntry.class), status(r)) : null;
        KnowledgeDocument d = DOCUMENT.equals(r.kind) ? withStatus(read(r.content, KnowledgeDocument.class), status(r))
                : null;
        return new KbEntry(r.id, r.kind, r.title, r.category == null ? "" : r.category, r.status, r.version,
                r.published != null && !"HIDDEN".equals(r.status), f, d, r.templateId, r.updatedAt, r.updatedBy);
    }

    static FaqEntry withStatus(FaqEntry e, EntryStatus s) {
        return new FaqEntry(e.id(), e.question(), e.alternatives(), e.answer(), e.category(), e.department(),
                e.sourceUrl(), e.validFrom(), e.validTo(), e.language(), s);
    }

    static KnowledgeDocument withStatus(KnowledgeDocument d, EntryStatus s) {
        return new KnowledgeDocument(d.id(), d.title(), d.text(), d.format(), d.sourceUrl(), d.language(), s);
    }

    static String json(Object o) {
        try {
            return Json.MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static <T> T read(String json, Class<T> type) {
        try {
            return Json.MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored knowledge is not readable", e);
        }
    }

    static <T> T read(String json, TypeReference<T> type) {
        try {
            return Json.MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored knowledge is not readable", e);
        }
    }

    private String who() {
        String u = identity.username();
        return u == null || u.isBlank() ? "system" : u;
    }

    private static String clip(String s) {
        String t = s == null || s.isBlank() ? "(無題)" : s.strip();
        return t.length() > 500 ? t.substring(0, 500) : t;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
