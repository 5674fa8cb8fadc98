package jp.kyodo.crm.applications;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.kyodo.crm.CitizenNotification.Words;
import jp.kyodo.crm.applications.internal.ApplicationEvents;
import jp.kyodo.crm.applications.internal.ApplicationRecords;
import jp.kyodo.crm.applications.internal.ApplicationRow;
import jp.kyodo.crm.applications.internal.CsvExport;
import jp.kyodo.crm.cases.AttachmentFile;
import jp.kyodo.crm.citizens.CitizenRecords;
import jp.kyodo.tenant.RequestIdentity;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.audit.AuditLog;
import jp.kyodo.tenant.problem.ProblemException;

/**
 * The contact centre's side of applications (審査): the queue per procedure and step, one application with its form,
 * documents, the citizen 360 and the step's checklist, a request for more information, approval step by step (with a
 * two-person check where the workflow asks: the second approval must come from someone else), rejection with a
 * reason, and the CSV export of approved applications for the core system. Each step is acted on by its role or a
 * higher one (operator &lt; staff &lt; city-admin). Reading an application is audited.
 */
@ApplicationScoped
@Transactional
public class ApplicationReview {

    /** How many applications wait per procedure, step and status, how many are past the step's target, the oldest. */
    public record QueueCount(String procedureId, String procedureName, int stepIndex, String stepName,
                             ApplicationStatus status, long count, long overdue, OffsetDateTime oldestSince) {
    }

    /** A decision or a step approval. */
    public record Decision(String reason, List<String> checked) {
    }

    /** A request for more information (追加書類のお願い). */
    public record InfoRequest(String message, List<String> documents) {
    }

    @PersistenceContext(unitName = "kyodo")
    EntityManager em;
    @Inject
    TenantContext tenant;
    @Inject
    RequestIdentity identity;
    @Inject
    ApplicationRecords apps;
    @Inject
    CitizenRecords records;
    @Inject
    AuditLog audit;
    @Inject
    Procedures procedures;
    @Inject
    ApplicationEvents events;

    private static final List<String> RANKS = List.of("operator", "staff", "city-admin");

    /** The queues: open applications grouped by procedure, step and status. */
    public List<QueueCount> queues() {
        tenant.city();
        List<Object[]> rows = em.createNativeQuery("SELECT procedure_id, max(procedure_name), step_index, status, count(*), "
                + "count(*) FILTER (WHERE step_due_at < now()), min(step_since) FROM application "
                + "WHERE status IN ('SUBMITTED', 'IN_REVIEW', 'INFO_REQUESTED') "
                + "GROUP BY procedure_id, step_index, status ORDER BY procedure_id, step_index, status").getResultList();
        List<QueueCount> out = new ArrayList<>();
        for (Object[] r : rows) {
            String pid = (String) r[0];
            int step = ((Number) r[2]).intValue();
            out.add(new QueueCount(pid, (String) r[1], step, stepName(pid, step), ApplicationStatus.valueOf((String) r[3]),
                    ((Number) r[4]).longValue(), ((Number) r[5]).longValue(), toOffset(r[6])));
        }
        return out;
    }

    /** Applications of a queue (procedure and/or step and/or status; open ones by default), oldest first. */
    public List<ApplicationSummary> list(String procedureId, Integer step, ApplicationStatus status, int limit) {
        tenant.city();
        StringBuilder q = new StringBuilder("select a from ApplicationRow a where ");
        q.append(status == null ? "a.status in ('SUBMITTED', 'IN_REVIEW', 'INFO_REQUESTED')" : "a.status = :s");
        if (procedureId != null && !procedureId.isBlank()) {
            q.append(" and a.procedureId = :p");
        }
        if (step != null) {
            q.append(" and a.stepIndex = :i");
        }
        q.append(status == null || status.open() ? " order by a.stepDueAt, a.submittedAt" : " order by a.updatedAt desc");
        var query = em.createQuery(q.toString(), ApplicationRow.class);
        if (status != null) {
            query.setParameter("s", status.name());
        }
        if (procedureId != null && !procedureId.isBlank()) {
            query.setParameter("p", procedureId);
        }
        if (step != null) {
            query.setParameter("i", step);
        }
        return query.setMaxResults(Math.max(1, Math.min(limit, 500))).getResultStream()
                .filter(r -> !ApplicationStatus.DRAFT.name().equals(r.status)).map(ApplicationSummary::of).toList();
    }

    /** One filed application with the citizen 360 (the read is audited). Drafts are the citizen's own: 404. */
    public ApplicationView get(String ref) {
        ApplicationRow row = filed(ref, false);
        audit.recordPersonalDataRead("application", row.id.toString(), "application-review");
        return apps.view(row, true, row.applicantSubject == null ? null
                : records.findBySubject(row.applicantSubject).orElse(null));
    }

    /** Takes a received application into review (審査中) and assigns it to the caller. */
    public ApplicationView take(String ref) {
        ApplicationRow row = filed(ref, true);
        ApplicationStatus s = ApplicationStatus.valueOf(row.status);
        if (!s.open()) {
            throw closed(row);
        }
        row.assignee = me();
        row.assigneeSubject = mySubject();
        if (s == ApplicationStatus.SUBMITTED) {
            row.status = ApplicationStatus.IN_REVIEW.name();
            apps.event(row, "TAKEN", me(), true, "", Map.of());
        }
        row.updatedAt = OffsetDateTime.now();
        return apps.view(row, true, null);
    }

    /** Asks the citizen for more information or documents; the step's clock stops until they answer. */
    public ApplicationView requestInfo(String ref, InfoRequest in) {
        ApplicationRow row = filed(ref, true);
        ApplicationStatus s = ApplicationStatus.valueOf(row.status);
        if (s != ApplicationStatus.SUBMITTED && s != ApplicationStatus.IN_REVIEW) {
            throw closed(row);
        }
        String message = in == null || in.message() == null ? "" : in.message().strip();
        if (message.isEmpty() || message.length() > 4000) {
            throw ApplicationRecords.invalid(List.of(new FieldError("message", "お願いの内容を 4,000 文字以内で書いてください。",
                    "Write what you need, up to 4,000 characters.")));
        }
        List<String> docs = in.documents() == null ? List.of() : in.documents().stream().filter(d -> d != null && !d.isBlank())
                .map(String::strip).limit(10).toList();
        row.status = ApplicationStatus.INFO_REQUESTED.name();
        row.assignee = me();
        row.assigneeSubject = mySubject();
        row.updatedAt = OffsetDateTime.now();
        apps.event(row, "INFO_REQUESTED", me(), true, message, Map.of("documents", docs));
        Words asked = Words.asWritten(message);
        Words how = Words.of("notification.application.more.how");
        Words subject = Words.of("notification.application.more.subject", row.procedureName, row.receptionNumber);
        if (docs.isEmpty()) {
            apps.notifyApplicant(row, subject, asked, how);
        } else {
            apps.notifyApplicant(row, subject, asked, Words.of("notification.application.more.documents",
                    String.join("、", docs)), how);
        }
        return apps.view(row, true, null);
    }

    /**
     * Approves the current step. With a two-person check the first approval is recorded and the step waits for a
     * second person (the same person again is refused); the last step's approval decides the application (決定),
     * makes the result notice and tells the citizen.
     */
    public ApplicationView approve(String ref, Decision in) {
        ApplicationRow row = filed(ref, true);
        ApplicationStatus s = ApplicationStatus.valueOf(row.status);
        if (s != ApplicationStatus.SUBMITTED && s != ApplicationStatus.IN_REVIEW) {
            throw s == ApplicationStatus.INFO_REQUESTED ? ProblemException.conflict("waiting-for-citizen",
                    "追加書類のお願いへの回答を待っています。回答が届いてから承認してください。",
                    "Waiting for the citizen's answer to the request for more information.") : closed(row);
        }
        ProcedureDefinition d = apps.definition(row);
        var step = d.steps().get(row.stepIndex);
        mayAct(step);
        String reason = in == null || in.reason() == null ? "" : in.reason().strip();
        if (reason.length() > 2000) {
            throw ApplicationRecords.invalid(List.of(new FieldError("reason", "理由は 2,000 文字以内で書いてください。",
                    "The reason may be at most 2,000 characters.")));
        }
        List<String> checked = in == null || in.checked() == null ? List.of() : in.checked();
        List<String> unchecked = step.checklist().stream().filter(c -> !checked.contains(c)).toList();
        if (!unchecked.isEmpty()) {
            throw ApplicationRecords.invalid(unchecked.stream().map(c -> new FieldError("checked",
                    "確認項目「" + c + "」が確認されていません。", "Checklist item not confirmed: " + c)).toList());
        }
        if (s == ApplicationStatus.SUBMITTED) {
            row.status = ApplicationStatus.IN_REVIEW.name();
        }
        row.updatedAt = OffsetDateTime.now();
        if (step.twoPersonCheck()) {
            if (row.firstCheckBy == null && row.firstCheckSubject == null) {
                row.firstCheckBy = me();
                row.firstCheckSubject = mySubject();
                apps.event(row, "STEP_CHECKED", me(), false, reason, Map.of("step", step.id(), "checked", checked));
                return apps.view(row, true, null);
            }
            // the same person is the same subject id; a first check from before subject ids counts by its name
            if (row.firstCheckSubject != null ? row.firstCheckSubject.equals(mySubject()) : me().equals(row.firstCheckBy)) {
                throw ProblemException.conflict("same-person", "この手順は 2 人での確認が必要です。1 人目の確認（"
                        + row.firstCheckBy + "）とは別の職員が承認してください。", "This step needs a two-person check: "
                        + "someone other than the first checker (" + row.firstCheckBy + ") must approve it.");
            }
        }
        Map<String, Object> detail = Map.of("step", step.id(), "checked", checked,
                "firstCheckBy", row.firstCheckBy == null ? "" : row.firstCheckBy);
        if (row.stepIndex + 1 < d.steps().size()) {
            apps.event(row, "STEP_APPROVED", me(), false, reason, detail);
            apps.enterStep(row, d, row.stepIndex + 1);
            return apps.view(row, true, null);
        }
        decide(row, d, true, reason.isEmpty() ? "申請の内容が要件を満たしていることを確認しました。" : reason, detail);
        return apps.view(row, true, null);
    }

    /** Rejects the application with a reason (却下); the result notice says why. */
    public ApplicationView reject(String ref, Decision in) {
        ApplicationRow row = filed(ref, true);
        ApplicationStatus s = ApplicationStatus.valueOf(row.status);
        if (!s.open()) {
            throw closed(row);
        }
        ProcedureDefinition d = apps.definition(row);
        mayAct(d.steps().get(row.stepIndex));
        String reason = in == null || in.reason() == null ? "" : in.reason().strip();
        if (reason.isEmpty() || reason.length() > 2000) {
            throw ApplicationRecords.invalid(List.of(new FieldError("reason", "却下の理由を 2,000 文字以内で書いてください。",
                    "Give the reason for the rejection, up to 2,000 characters.")));
        }
        decide(row, d, false, reason, Map.of("step", d.steps().get(row.stepIndex).id()));
        return apps.view(row, true, null);
    }

    private void decide(ApplicationRow row, ProcedureDefinition d, boolean approved, String reason, Map<String, Object> detail) {
        row.status = (approved ? ApplicationStatus.APPROVED : ApplicationStatus.REJECTED).name();
        row.decisionReason = reason;
        row.decidedAt = OffsetDateTime.now();
        row.updatedAt = row.decidedAt;
        row.firstCheckBy = null;
        row.firstCheckSubject = null;
        var notice = apps.notice(row, d, approved);
        apps.event(row, approved ? "APPROVED" : "REJECTED", me(), true, reason,
                Map.of("notice", notice.id.toString(), "step", detail.getOrDefault("step", "")));
        apps.notifyApplicant(row, Words.of("notification.application.decided.subject", d.notice().title(),
                        row.receptionNumber),
                Words.of(approved ? "notification.application.approved" : "notification.application.rejected", d.name(),
                        reason), Words.of("notification.application.decided.notice"));
        events.decided(row);
        audit.record(approved ? "application.approve" : "application.reject", "application", row.id.toString(),
                Map.of("procedure", row.procedureId));
    }

    /** A file of a filed application (the download is audited). */
    public AttachmentFile file(String fileId) {
        ApplicationRow row = filed(apps.applicationOfFile(fileId), false);
        audit.recordPersonalDataRead("application_file", fileId, "application-review");
        return apps.file(row, fileId);
    }

    /**
     * Approved applications of one procedure as CSV for the core system: a header row of the form's keys, one row per
     * application (reception number, decision date, applicant, then the answers). UTF-8 with a BOM, or Shift_JIS
     * (a character Shift_JIS cannot hold is refused with the reception number, so nothing is silently changed).
     */
    public byte[] exportApproved(String procedureId, String encoding) {
        tenant.city();
        boolean sjis = encoding != null && (encoding.equalsIgnoreCase("shift_jis") || encoding.equalsIgnoreCase("sjis")
                || encoding.equalsIgnoreCase("windows-31j"));
        ProcedureDefinition d = procedures.published(procedureId).definition();
        List<ApplicationRow> rows = em.createQuery("select a from ApplicationRow a where a.procedureId = :p and "
                + "a.status = 'APPROVED' order by a.decidedAt, a.receptionNumber", ApplicationRow.class)
                .setParameter("p", procedureId).getResultList();
        audit.record("application.export", "procedure_entry", procedureId, Map.of("rows", rows.size(),
                "encoding", sjis ? "Shift_JIS" : "UTF-8"));
        String csv = CsvExport.csv(d, rows);
        if (!sjis) {
            byte[] body = csv.getBytes(StandardCharsets.UTF_8);
            byte[] out = new byte[body.length + 3];
            out[0] = (byte) 0xEF;
            out[1] = (byte) 0xBB;
            out[2] = (byte) 0xBF;
            System.arraycopy(body, 0, out, 3, body.length);
            return out;
        }
        CharsetEncoder enc = Charset.forName("windows-31j").newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        for (ApplicationRow r : rows) {
            String line = CsvExport.line(d, r);
            if (!enc.canEncode(line)) {
                throw ProblemException.conflict("not-shift-jis", "受付番号 " + r.receptionNumber + " に Shift_JIS で表せない"
                        + "文字があります。UTF-8 で出力してください。", "Application " + r.receptionNumber + " has characters "
                        + "Shift_JIS cannot hold; export as UTF-8.");
            }
        }
        return csv.getBytes(Charset.forName("windows-31j"));
    }

    // ---------------------------------------------------------------- helpers

    private ApplicationRow filed(String ref, boolean lock) {
        ApplicationRow row = apps.find(ref, lock);
        if (ApplicationStatus.DRAFT.name().equals(row.status)) {
            throw ProblemException.notFound("application");
        }
        return row;
    }

    private void mayAct(ProcedureDefinition.Step step) {
        int need = RANKS.indexOf(step.role());
        Set<String> roles = identity.roles();
        int have = -1;
        for (int i = 0; i < RANKS.size(); i++) {
            if (roles.contains(RANKS.get(i))) {
                have = i;
            }
        }
        if (have < need) {
            throw ProblemException.forbidden("step-role", "手順「" + step.name() + "」は " + step.role() + " 以上の職員が"
                    + "行います。", "The step \"" + step.name() + "\" is done by " + step.role() + " or above.");
        }
    }

    private static ProblemException closed(ApplicationRow row) {
        ApplicationStatus s = ApplicationStatus.valueOf(row.status);
        return ProblemException.conflict("application-closed", "この申請は「" + s.ja() + "」のため、この操作はできません。",
                "This application is " + s.en().toLowerCase(java.util.Locale.ROOT) + "; this action is not possible.");
    }

    private String stepName(String procedureId, int step) {
        try {
            var steps = procedures.published(procedureId).definition().steps();
            return step < steps.size() ? steps.get(step).name() : String.valueOf(step + 1);
        } catch (ProblemException e) {
            return String.valueOf(step + 1);
        }
    }

    private static OffsetDateTime toOffset(Object o) {
        if (o instanceof OffsetDateTime t) {
            return t;
        }
        if (o instanceof java.sql.Timestamp t) {
            return t.toInstant().atOffset(java.time.ZoneOffset.UTC);
        }
        if (o instanceof java.time.Instant t) {
            return t.atOffset(java.time.ZoneOffset.UTC);
        }
        return null;
    }

    private String me() {
        return identity.username();
    }

    /** The caller's immutable subject id; a staff action without one (no verified sign-in) is refused. */
    private String mySubject() {
        String s = identity.subject();
        if (s == null || s.isBlank()) {
            throw ProblemException.forbidden("no-subject", "サインインした職員だけが審査できます",
                    "only a signed-in member of the city can review applications");
        }
        return s;
    }
}
