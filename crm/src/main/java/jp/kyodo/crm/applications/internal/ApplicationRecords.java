package jp.kyodo.crm.applications.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.io.File;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jp.kyodo.crm.CitizenNotification;
import jp.kyodo.crm.CitizenNotification.Words;
import jp.kyodo.crm.applications.ApplicationStatus;
import jp.kyodo.crm.applications.ApplicationView;
import jp.kyodo.crm.applications.ApplicationView.FileInfo;
import jp.kyodo.crm.applications.ApplicationView.FormField;
import jp.kyodo.crm.applications.ApplicationView.FormSection;
import jp.kyodo.crm.applications.ApplicationView.RequirementView;
import jp.kyodo.crm.applications.ApplicationView.StepView;
import jp.kyodo.crm.applications.ApplicationView.TimelineEntry;
import jp.kyodo.crm.applications.FieldError;
import jp.kyodo.crm.applications.ProcedureDefinition;
import jp.kyodo.crm.applications.ProcedureDefinition.Field;
import jp.kyodo.crm.applications.ProcedureDefinition.Section;
import jp.kyodo.crm.applications.Procedures;
import jp.kyodo.crm.cases.AttachmentFile;
import jp.kyodo.crm.cases.AttachmentRules;
import jp.kyodo.crm.cases.Upload;
import jp.kyodo.crm.citizens.JapaneseDates;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.problem.ProblemException;
import jp.kyodo.tenant.reception.ReceptionNumbers;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What the citizen's and the staff's use cases share: loading an application under a row lock, its answers, the
 * timeline, files checked by their bytes, the view, the result notice and the citizen's notification. Every method
 * runs in the caller's transaction.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class ApplicationRecords {

    static final ObjectMapper JSON = new ObjectMapper();
    /** Reads JSON text (the one-request submission's answers). */
    public static final com.fasterxml.jackson.databind.ObjectReader JSON_READER = JSON.reader();
    private static final TypeReference<LinkedHashMap<String, String>> MAP = new TypeReference<>() { };

    @PersistenceContext(unitName = "kyodo")
    EntityManager em;
    @Inject
    TenantContext tenant;
    @Inject
    Procedures procedures;
    @Inject
    AttachmentRules rules;
    @Inject
    ReceptionNumbers receptionNumbers;
    @Inject
    Event<CitizenNotification> notifications;
    @Inject
    @ConfigProperty(name = "kyodo.notices.font-file", defaultValue = "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf")
    String fontFile;

    /** The application by id or reception number, locked for update when asked; 404 when not visible. */
    public ApplicationRow find(String ref, boolean lock) {
        tenant.city();
        UUID id = uuid(ref);
        ApplicationRow row;
        if (id != null) {
            row = lock ? em.find(ApplicationRow.class, id, LockModeType.PESSIMISTIC_WRITE) : em.find(ApplicationRow.class, id);
        } else {
            row = em.createQuery("select a from ApplicationRow a where a.receptionNumber = :n", ApplicationRow.class)
                    .setParameter("n", ref == null ? "" : ref).getResultStream().findFirst().orElse(null);
            if (row != null && lock) {
                em.lock(row, LockModeType.PESSIMISTIC_WRITE);
                em.refresh(row);
            }
        }
        if (row == null) {
            throw ProblemException.notFound("application");
        }
        return row;
    }

    public static UUID uuid(String s) {
        try {
            return s == null ? null : UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public ProcedureDefinition definition(ApplicationRow row) {
        return procedures.definition(row.procedureVersionId);
    }

    public static Map<String, String> map(String json) {
        try {
            return json == null || json.isBlank() ? new LinkedHashMap<>() : JSON.readValue(json, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** 400 {@code invalid-answers} with every field's problem in {@code errors}. */
    public static ProblemException invalid(List<FieldError> errors) {
        return new ProblemException(400, "invalid-answers", "入力内容に誤りがあります", "Some answers are invalid",
                errors.size() + " 件: " + errors.get(0).messageJa() + " / " + errors.get(0).messageEn(),
                Map.of("errors", errors.stream().map(ApplicationRecords::problemEntry).toList()));
    }

    /** One error of a problem's {@code errors}: field, both sentences, and the code with its values when there is one. */
    private static Map<String, Object> problemEntry(FieldError e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("field", e.field());
        m.put("message", e.messageJa());
        m.put("messageEn", e.messageEn());
        if (e.code() != null) {
            m.put("code", e.code());
            m.put("values", e.values());
        }
        return m;
    }

    public ApplicationEventRow event(ApplicationRow row, String kind, String actor, boolean visible, String body,
                                     Map<String, ?> detail) {
        ApplicationEventRow e = new ApplicationEventRow();
        e.id = UUID.randomUUID();
        e.applicationId = row.id;
        e.kind = kind;
        e.actor = actor;
        e.visibleToCitizen = visible;
        e.body = body == null ? "" : body;
        e.detail = json(detail == null ? Map.of() : detail);
        e.createdAt = OffsetDateTime.now();
        em.persist(e);
        return e;
    }

    /** Checks the files by their bytes (the case attachments' rules) and stores them with the application. */
    public List<ApplicationFileRow> store(ApplicationRow row, String requirementId, List<Upload> uploads, String kind,
                                          String by) {
        List<ApplicationFileRow> out = new ArrayList<>();
        for (AttachmentRules.CheckedFile f : rules.check(uploads)) {
            out.add(storeBytes(row, requirementId, f.fileName(), f.contentType(), f.sha256(), f.bytes(), kind, by));
        }
        return out;
    }

    /** Checks files by their bytes without storing them (a refused file writes nothing). */
    public List<AttachmentRules.CheckedFile> check(List<Upload> uploads) {
        return rules.check(uploads);
    }

    /** Stores one file already checked by {@link #check}. */
    public ApplicationFileRow store(ApplicationRow row, String requirementId, AttachmentRules.CheckedFile f, String kind,
                                    String by) {
        return storeBytes(row, requirementId, f.fileName(), f.contentType(), f.sha256(), f.bytes(), kind, by);
    }

    ApplicationFileRow storeBytes(ApplicationRow row, String requirementId, String name, String type, String sha256,
                                  byte[] bytes, String kind, String by) {
        ApplicationFileRow f = new ApplicationFileRow();
        f.id = UUID.randomUUID();
        f.applicationId = row.id;
        f.requirementId = requirementId;
        f.fileName = name;
        f.contentType = type;
        f.sizeBytes = bytes.length;
        f.sha256 = sha256;
        f.content = bytes;
        f.uploaderKind = kind;
        f.uploadedBy = by;
        f.uploadedAt = OffsetDateTime.now();
        em.persist(f);
        return f;
    }

    public List<FileInfo> files(ApplicationRow row) {
        List<Object[]> rows = em.createQuery("select f.id, f.requirementId, f.fileName, f.contentType, f.sizeBytes, f.sha256, "
                        + "f.uploaderKind, f.uploadedAt from ApplicationFileRow f where f.applicationId = :a "
                        + "order by f.uploadedAt, f.id", Object[].class).setParameter("a", row.id).getResultList();
        return rows.stream().map(r -> new FileInfo(r[0].toString(), (String) r[1], (String) r[2], (String) r[3],
                ((Number) r[4]).longValue(), (String) r[5], (String) r[6], (OffsetDateTime) r[7])).toList();
    }

    /** What the view and the checks show of a stored file. */
    public static FileInfo info(ApplicationFileRow f) {
        return new FileInfo(f.id.toString(), f.requirementId, f.fileName, f.contentType, f.sizeBytes, f.sha256,
                f.uploaderKind, f.uploadedAt);
    }

    /** The id of the application a file belongs to (404 when the file is not visible). */
    public String applicationOfFile(String fileId) {
        tenant.city();
        UUID id = uuid(fileId);
        return (id == null ? java.util.stream.Stream.<UUID>empty() : em.createQuery("select f.applicationId from "
                + "ApplicationFileRow f where f.id = :f", UUID.class).setParameter("f", id).getResultStream()).findFirst()
                .map(UUID::toString).orElseThrow(() -> ProblemException.notFound("file"));
    }

    public AttachmentFile file(ApplicationRow row, String fileId) {
        UUID id = uuid(fileId);
        ApplicationFileRow f = id == null ? null : em.find(ApplicationFileRow.class, id);
        if (f == null || !f.applicationId.equals(row.id)) {
            throw ProblemException.notFound("file");
        }
        return new AttachmentFile(f.fileName, f.contentType, f.sha256, f.content);
    }

    /** What still stops a submission: the answers as a whole and the required documents. */
    public List<FieldError> missing(ApplicationRow row, ProcedureDefinition d, List<FileInfo> files) {
        return missing(row, d, files.stream().map(FileInfo::requirementId).collect(java.util.stream.Collectors.toSet()));
    }

    /** As {@link #missing(ApplicationRow, ProcedureDefinition, List)}, given the requirements that have a file. */
    public List<FieldError> missing(ApplicationRow row, ProcedureDefinition d, java.util.Set<String> withFiles) {
        List<FieldError> out = new ArrayList<>(AnswerCheck.check(d, map(row.answers), true));
        for (var r : d.attachments()) {
            if (r.required() && !withFiles.contains(r.id())) {
                out.add(FieldError.of("attachments." + r.id(), "document", "「" + r.label() + "」を添付してください。",
                        "Attach \"" + AnswerCheck.en(r.labelEn(), r.label()) + "\"."));
            }
        }
        return out;
    }

    /** Starts the clock of the step the application is now at. */
    public void enterStep(ApplicationRow row, ProcedureDefinition d, int index) {
        row.stepIndex = index;
        row.stepSince = OffsetDateTime.now();
        row.stepDueAt = row.stepSince.plusHours(d.steps().get(index).responseHours());
        row.stepOverdueAt = null;
        row.firstCheckBy = null;
        row.firstCheckSubject = null;
    }

    public String nextReceptionNumber() {
        return receptionNumbers.next().toString();
    }

    /**
     * Files a new application in one statement and one round trip: takes the city's next reception number, inserts
     * the row whole (submitted, numbered, at its step) with its files (checked by their bytes already) and its
     * {@code SUBMITTED} timeline entry. Instead of four statements (the counter, the row, each file, the entry) of which
     * the last three ran while the city's counter row was locked, only the rest of the transaction (the notification,
     * the outbox event, the commit) runs after the lock is taken. Sets {@code row.receptionNumber}. Row-level security
     * applies as to every statement ({@code tenant_id} is the bound city's by default).
     *
     * <p>An application of the same applicant with the same idempotency key inserts nothing ({@code ON CONFLICT DO
     * NOTHING} on their unique key: a concurrent first request is waited for, on the counter row and then on the
     * key): then this answers false and the caller must roll back (the counter was incremented) and answer the first
     * application's receipt.
     *
     * @return true when filed, false when the applicant filed with this idempotency key already
     */
    public boolean insertSubmitted(ApplicationRow row, Map<String, List<AttachmentRules.CheckedFile>> files, String by) {
        List<Object> p = new ArrayList<>();
        StringBuilder sql = new StringBuilder(", a AS (INSERT INTO application (id, procedure_version_id, procedure_id, "
                + "procedure_name, applicant, applicant_subject, subject_member_id, subject_name, status, reception_number, "
                + "answers, sources, step_index, step_since, step_due_at, idempotency_key, created_at, updated_at, "
                + "submitted_at) SELECT ");
        sql.append(param(p, row.id, "uuid")).append(", ").append(param(p, row.procedureVersionId, "uuid")).append(", ")
                .append(param(p, row.procedureId, "text")).append(", ").append(param(p, row.procedureName, "text"))
                .append(", ").append(param(p, row.applicant, "text")).append(", ")
                .append(param(p, row.applicantSubject, "text")).append(", ").append(param(p, row.subjectMemberId, "uuid"))
                .append(", ").append(param(p, row.subjectName, "text")).append(", ").append(param(p, row.status, "text"))
                .append(", reception.number, ").append(param(p, row.answers, "jsonb")).append(", ")
                .append(param(p, row.sources, "jsonb")).append(", ").append(param(p, row.stepIndex, "integer")).append(", ")
                .append(param(p, row.stepSince, "timestamptz")).append(", ").append(param(p, row.stepDueAt, "timestamptz"))
                .append(", ").append(param(p, row.idempotencyKey, "text")).append(", ")
                .append(param(p, row.createdAt, "timestamptz")).append(", ").append(param(p, row.updatedAt, "timestamptz"))
                .append(", ").append(param(p, row.submittedAt, "timestamptz"))
                .append(" FROM reception ON CONFLICT (tenant_id, applicant_subject, idempotency_key) DO NOTHING "
                        + "RETURNING id, reception_number)");
        int n = 0;
        for (var e : files.entrySet()) {
            for (AttachmentRules.CheckedFile f : e.getValue()) {
                sql.append(", f").append(n++).append(" AS (INSERT INTO application_file (id, application_id, requirement_id, "
                                + "file_name, content_type, size_bytes, sha256, content, uploader_kind, uploaded_by, uploaded_at) "
                                + "SELECT ").append(param(p, UUID.randomUUID(), "uuid")).append(", a.id, ")
                        .append(param(p, e.getKey(), "text")).append(", ").append(param(p, f.fileName(), "text")).append(", ")
                        .append(param(p, f.contentType(), "text")).append(", ").append(param(p, f.bytes().length, "integer"))
                        .append(", ").append(param(p, f.sha256(), "text")).append(", ").append(param(p, f.bytes(), "bytea"))
                        .append(", 'CITIZEN', ").append(param(p, by, "text")).append(", ")
                        .append(param(p, row.submittedAt, "timestamptz")).append(" FROM a)");
            }
        }
        sql.append(", e AS (INSERT INTO application_event (id, application_id, kind, actor, visible_to_citizen, body, detail, "
                        + "created_at) SELECT ").append(param(p, UUID.randomUUID(), "uuid")).append(", a.id, 'SUBMITTED', ")
                .append(param(p, by, "text")).append(", true, '', jsonb_build_object('receptionNumber', a.reception_number), ")
                .append(param(p, row.submittedAt, "timestamptz")).append(" FROM a) SELECT reception_number FROM a");
        var number = receptionNumbers.takeWith(sql.toString(), p);
        number.ifPresent(taken -> row.receptionNumber = taken.toString());
        return number.isPresent();
    }

    /** A parameter of {@link #insertSubmitted}'s statement, typed by a cast (the statement's SELECT cannot infer it). */
    private static String param(List<Object> params, Object value, String type) {
        params.add(value instanceof UUID u ? u.toString() : value);
        return "CAST(?" + (params.size() + 1) + " AS " + type + ")";
    }

    /**
     * Tells the applicant (inbox, and e-mail when chosen) in this transaction: the person of the application's subject
     * id. An application whose applicant's account was closed before applications were kept by subject tells nobody
     * (the holder of the same user name today is somebody else).
     */
    public void notifyApplicant(ApplicationRow row, Words subject, Words... body) {
        if (row.applicantSubject == null) {
            return;
        }
        notifications.fire(new CitizenNotification(row.applicantSubject, row.applicant, subject, List.of(body),
                "/c/" + tenant.city().code() + "/me/applications/" + row.id));
    }

    /** Makes the result notice PDF from the procedure's template and stores it with the application. */
    public ApplicationFileRow notice(ApplicationRow row, ProcedureDefinition d, boolean approved) {
        String city = tenant.city().name();
        Map<String, String> answers = map(row.answers);
        Map<String, String> values = new LinkedHashMap<>();
        values.put("applicant", applicantName(row, answers));
        values.put("receptionNumber", row.receptionNumber);
        values.put("reason", row.decisionReason == null ? "" : row.decisionReason);
        values.put("city", city);
        values.put("procedure", d.name());
        values.put("date", JapaneseDates.format(LocalDate.now(jp.kyodo.tenant.reception.ReceptionNumbers.JAPAN)));
        values.put("subject", row.subjectName == null ? "" : row.subjectName);
        var n = d.notice();
        String body = NoticeText.fill(approved ? n.approved() : n.rejected(), answers, values);
        String seal = NoticeText.fill(n.seal() == null ? "{{city}}長" : n.seal(), answers, values);
        byte[] pdf = NoticePdf.render(new NoticePdf.Content(city, values.get("date"), n.title(), body, seal,
                row.receptionNumber), new File(fontFile));
        return storeBytes(row, null, n.title() + "_" + row.receptionNumber + ".pdf", "application/pdf",
                ShippedProcedures.sha256(pdf), pdf, "NOTICE", "system");
    }

    static String applicantName(ApplicationRow row, Map<String, String> answers) {
        return answers.entrySet().stream().filter(e -> e.getKey().endsWith(".fullName") && !e.getKey().contains("["))
                .map(Map.Entry::getValue).findFirst().orElse(row.applicant);
    }

    /** The view; {@code staff} adds the step and the staff-only timeline entries. */
    public ApplicationView view(ApplicationRow row, boolean staff, Object citizen) {
        ProcedureDefinition d = definition(row);
        Map<String, String> answers = map(row.answers);
        Map<String, String> sources = map(row.sources);
        List<FormSection> form = new ArrayList<>();
        for (Section s : d.sections()) {
            List<List<FormField>> rows = new ArrayList<>();
            int n = s.repeats() ? AnswerCheck.rows(answers, s.id()) : 1;
            for (int i = 0; i < n; i++) {
                String prefix = s.repeats() ? s.id() + "[" + i + "]" : s.id();
                List<FormField> fields = new ArrayList<>();
                for (Field f : s.fields()) {
                    String key = prefix + "." + f.id();
                    String src = sources.get(key);
                    fields.add(new FormField(key, f.label(), f.labelEn(), f.type().code(), f.required(), f.hint(),
                            f.options(), answers.get(key), src, sourceJa(src), sourceEn(src),
                            AnswerCheck.shown(f, prefix, answers)));
                }
                rows.add(fields);
            }
            List<FormField> shape = s.fields().stream().map(f -> new FormField((s.repeats() ? s.id() + "[0]" : s.id()) + "."
                    + f.id(), f.label(), f.labelEn(), f.type().code(), f.required(), f.hint(), f.options(), null, null, null,
                    null, true)).toList();
            form.add(new FormSection(s.id(), s.title(), s.titleEn(), s.repeats(), s.repeats() ? s.repeat().min() : 1,
                    s.repeats() ? s.repeat().max() : 1, rows, shape));
        }
        List<FileInfo> files = files(row);
        List<RequirementView> reqs = d.attachments().stream().map(r -> new RequirementView(r.id(), r.label(), r.labelEn(),
                r.required(), files.stream().filter(f -> r.id().equals(f.requirementId())).toList())).toList();
        List<TimelineEntry> timeline = em.createQuery("select e from ApplicationEventRow e where e.applicationId = :a "
                        + (staff ? "" : "and e.visibleToCitizen = true ") + "order by e.createdAt, e.id",
                ApplicationEventRow.class).setParameter("a", row.id).getResultStream().map(e -> new TimelineEntry(e.kind,
                kindJa(e.kind), kindEn(e.kind), staff || "CITIZEN".equals(actorKind(e)) ? e.actor : null, e.body,
                detail(e.detail), e.createdAt)).toList();
        ApplicationStatus status = ApplicationStatus.valueOf(row.status);
        String noticeId = files.stream().filter(f -> "NOTICE".equals(f.uploaderKind())).map(FileInfo::id).reduce((a, b) -> b)
                .orElse(null);
        StepView step = null;
        if (staff && status.open()) {
            var st = d.steps().get(Math.min(row.stepIndex, d.steps().size() - 1));
            step = new StepView(row.stepIndex, d.steps().size(), st.id(), st.name(), st.role(), st.twoPersonCheck(),
                    st.checklist(), row.stepSince, row.stepDueAt, row.stepDueAt != null
                    && row.stepDueAt.isBefore(OffsetDateTime.now()), row.firstCheckBy, row.assignee);
        }
        List<FieldError> missing = status == ApplicationStatus.DRAFT ? missing(row, d, files) : List.of();
        return new ApplicationView(row.id.toString(), row.receptionNumber, row.procedureId, row.procedureName, status,
                status.ja(), status.en(), staff ? row.applicant : null, row.subjectName, row.createdAt, row.submittedAt,
                row.decidedAt, row.decisionReason, form, reqs, files, timeline, missing, noticeId, step, citizen);
    }

    private static String actorKind(ApplicationEventRow e) {
        return switch (e.kind) {
            case "SUBMITTED", "INFO_PROVIDED", "WITHDRAWN" -> "CITIZEN";
            default -> "STAFF";
        };
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> detail(String json) {
        try {
            return json == null ? Map.of() : JSON.readValue(json, Map.class);
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }

    static String sourceJa(String src) {
        return src == null ? null : switch (src) {
            case "profile" -> "プロフィールから入力";
            case "household" -> "世帯の情報から入力";
            default -> src;
        };
    }

    static String sourceEn(String src) {
        return src == null ? null : switch (src) {
            case "profile" -> "From your profile";
            case "household" -> "From your household";
            default -> src;
        };
    }

    public static String kindJa(String kind) {
        return switch (kind) {
            case "SUBMITTED" -> "受付";
            case "TAKEN" -> "審査中";
            case "INFO_REQUESTED" -> "追加書類のお願い";
            case "INFO_PROVIDED" -> "追加書類の提出";
            case "STEP_CHECKED" -> "1人目の確認";
            case "STEP_APPROVED" -> "手順の完了";
            case "APPROVED" -> "決定";
            case "REJECTED" -> "却下";
            case "WITHDRAWN" -> "取下げ";
            case "OVERDUE" -> "対応期限超過";
            default -> "メモ";
        };
    }

    public static String kindEn(String kind) {
        return switch (kind) {
            case "SUBMITTED" -> "Received";
            case "TAKEN" -> "Under review";
            case "INFO_REQUESTED" -> "More information needed";
            case "INFO_PROVIDED" -> "Information provided";
            case "STEP_CHECKED" -> "First check";
            case "STEP_APPROVED" -> "Step completed";
            case "APPROVED" -> "Approved";
            case "REJECTED" -> "Rejected";
            case "WITHDRAWN" -> "Withdrawn";
            case "OVERDUE" -> "Response target passed";
            default -> "Note";
        };
    }
}
