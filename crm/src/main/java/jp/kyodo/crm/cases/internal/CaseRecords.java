package jp.kyodo.crm.cases.internal;

import static jp.kyodo.crm.cases.internal.CaseTexts.ANONYMOUS;
import static jp.kyodo.crm.cases.internal.CaseTexts.uuid;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.persistence.EntityManager;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import jp.kyodo.crm.cases.Attachment;
import jp.kyodo.crm.cases.AttachmentRules;
import jp.kyodo.crm.cases.CaseDetail;
import jp.kyodo.crm.cases.CaseEvent;
import jp.kyodo.crm.cases.CaseStatus;
import jp.kyodo.crm.cases.CaseSummary;
import jp.kyodo.crm.cases.Channel;
import jp.kyodo.crm.cases.EventKind;
import jp.kyodo.crm.cases.Priority;
import jp.kyodo.crm.cases.QueueView;
import jp.kyodo.crm.cases.SlaRules;
import jp.kyodo.crm.cases.SlaState;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.RequestIdentity;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.identity.CityMembers;
import jp.kyodo.tenant.problem.ProblemException;
import jp.kyodo.tenant.reception.ReceptionNumber;

/**
 * The mechanics every case service shares, none of them a use case of its own and none with a transaction of its
 * own (they run in the caller's): a case of the current city by id or reception number, the case as staff or as the
 * citizen see it, its timeline and files, appending to the timeline, status changes, the citizen answering back, the
 * queues with their counts, and the response-target state of a case.
 */
@ApplicationScoped
public class CaseRecords {

    @PersistenceContext(unitName = "kyodo")
    EntityManager em;
    @Inject
    TenantContext tenant;
    @Inject
    RequestIdentity identity;
    @Inject
    CityMembers members;

    /** The current city (refuses when none is bound). */
    public City city() {
        return tenant.city();
    }

    public CaseRow find(String ref) {
        tenant.city();
        CaseRow row = null;
        UUID id = uuid(ref);
        if (id != null) {
            row = em.find(CaseRow.class, id);
        } else {
            Optional<ReceptionNumber> number = ReceptionNumber.parse(ref);
            if (number.isPresent()) {
                row = em.createQuery("select c from CaseRow c where c.receptionNumber = :n", CaseRow.class)
                        .setParameter("n", number.get().toString()).getResultStream().findFirst().orElse(null);
            }
        }
        if (row == null) {
            throw ProblemException.notFound("case");
        }
        return row;
    }

    public CaseDetail detail(CaseRow row, boolean citizenView) {
        Map<UUID, QueueRow> queues = queuesById();
        QueueRow q = queues.get(row.queueId);
        List<CaseEvent> timeline = timeline(row.id, citizenView);
        if (citizenView) {
            return new CaseDetail(row.id, row.receptionNumber, Channel.valueOf(row.channel), row.category, row.subject,
                    row.department, Priority.valueOf(row.priority), CaseStatus.valueOf(row.status), null, null, 0, null,
                    row.citizenUsername, null, null, null, row.language, null, null, row.createdAt, row.updatedAt, null,
                    null, row.firstResponseAt, row.resolvedAt, timeline);
        }
        return new CaseDetail(row.id, row.receptionNumber, Channel.valueOf(row.channel), row.category, row.subject,
                row.department, Priority.valueOf(row.priority), CaseStatus.valueOf(row.status), q == null ? null : q.code,
                q == null ? null : q.name, q == null ? 0 : q.tier, assigneeName(row), row.citizenUsername, row.contactName,
                row.contactEmail, row.contactPhone, row.language,
                row.handoverId == null ? null : UUID.fromString(row.handoverId), row.createdBy, row.createdAt,
                row.updatedAt, row.slaDueAt, sla(row), row.firstResponseAt, row.resolvedAt, timeline);
    }

    public List<CaseEvent> timeline(UUID caseId, boolean citizenView) {
        String jpql = "select e from CaseEventRow e where e.caseId = :c" + (citizenView ? " and e.visibleToCitizen = true" : "")
                + " order by e.at, e.id";
        Map<UUID, List<Attachment>> files = attachmentsByEvent(caseId);
        return em.createQuery(jpql, CaseEventRow.class).setParameter("c", caseId).getResultStream()
                .map(e -> e.toEvent(files.getOrDefault(e.id, List.of()))).toList();
    }

    /** The files of a case (metadata only), oldest first, by the timeline entry they belong to. */
    public Map<UUID, List<Attachment>> attachmentsByEvent(UUID caseId) {
        Map<UUID, List<Attachment>> out = new LinkedHashMap<>();
        for (Attachment a : attachmentsOf(caseId)) {
            out.computeIfAbsent(a.eventId(), k -> new ArrayList<>()).add(a);
        }
        return out;
    }

    public List<Attachment> attachmentsOf(UUID caseId) {
        return em.createQuery("select a.id, a.eventId, a.fileName, a.contentType, a.sizeBytes, a.sha256, a.uploaderKind, "
                        + "a.uploadedAt from AttachmentRow a where a.caseId = :c order by a.uploadedAt, a.fileName",
                        Object[].class).setParameter("c", caseId).getResultStream()
                .map(r -> new Attachment((UUID) r[0], (UUID) r[1], (String) r[2], (String) r[3],
                        ((Number) r[4]).longValue(), (String) r[5], (String) r[6], (OffsetDateTime) r[7])).toList();
    }

    /** Stores checked files on a timeline entry in the caller's transaction (after the entry itself). */
    public void attach(CaseRow row, CaseEventRow event, List<AttachmentRules.CheckedFile> files, String uploaderKind,
                       String uploadedBy) {
        if (files == null || files.isEmpty()) {
            return;
        }
        em.flush(); // the entry (and a new case) first: the rows reference them
        OffsetDateTime now = OffsetDateTime.now();
        for (AttachmentRules.CheckedFile f : files) {
            AttachmentRow a = new AttachmentRow();
            a.id = UUID.randomUUID();
            a.caseId = row.id;
            a.eventId = event.id;
            a.fileName = f.fileName();
            a.contentType = f.contentType();
            a.sizeBytes = f.bytes().length;
            a.sha256 = f.sha256();
            a.content = f.bytes();
            a.uploaderKind = uploaderKind;
            a.uploadedBy = uploadedBy == null ? ANONYMOUS : uploadedBy;
            a.uploadedAt = now;
            em.persist(a);
        }
        em.flush();
    }

    public CaseRow caseRow(UUID id) {
        return em.find(CaseRow.class, id);
    }

    /** One stored file with its bytes, or null when there is none with this id in the city. */
    public AttachmentRow attachmentRow(String id) {
        UUID u = uuid(id);
        return u == null ? null : em.find(AttachmentRow.class, u);
    }

    public CaseSummary summary(CaseRow r, Map<UUID, QueueRow> queues, Map<String, String> assigneeNames) {
        QueueRow q = queues.get(r.queueId);
        return new CaseSummary(r.id, r.receptionNumber, Channel.valueOf(r.channel), r.category, r.subject,
                Priority.valueOf(r.priority), CaseStatus.valueOf(r.status), q == null ? null : q.code,
                q == null ? null : q.name, assigneeName(r, assigneeNames), r.citizenUsername, r.contactName, r.createdAt,
                r.updatedAt, r.slaDueAt, sla(r));
    }

    /** The display names of the people who have these cases (one query), by subject id. */
    public Map<String, String> assigneeNames(List<CaseRow> rows) {
        return members.displayNames(rows.stream().map(r -> r.assigneeSubject).toList());
    }

    /**
     * Who has the case, as shown to staff: the display name of the member with the case's subject id; a closed
     * account (or a name from before subject ids whose holder could not be told) is shown as such, never as the
     * person who holds the user name now; null when nobody has it.
     */
    public static String assigneeName(CaseRow r, Map<String, String> names) {
        if (r.assigneeSubject != null) {
            return names.getOrDefault(r.assigneeSubject, CityMembers.FORMER_MEMBER);
        }
        return r.assignee == null ? null : CityMembers.FORMER_MEMBER;
    }

    public String assigneeName(CaseRow r) {
        return assigneeName(r, r.assigneeSubject == null ? Map.of() : members.displayNames(List.of(r.assigneeSubject)));
    }

    public Map<UUID, QueueRow> queuesById() {
        Map<UUID, QueueRow> out = new LinkedHashMap<>();
        em.createQuery("select q from QueueRow q order by q.tier, q.position, q.code", QueueRow.class).getResultStream()
                .forEach(q -> out.put(q.id, q));
        return out;
    }

    public CaseEventRow append(CaseRow row, OffsetDateTime at, EventKind kind, String actor, String body, String detailJson) {
        CaseEventRow e = new CaseEventRow();
        e.id = UUID.randomUUID();
        e.caseId = row.id;
        e.at = at;
        e.kind = kind.name();
        e.actor = actor == null ? ANONYMOUS : actor;
        e.visibleToCitizen = kind.visibleToCitizen();
        e.body = body == null ? "" : body;
        e.detail = detailJson == null ? "{}" : detailJson;
        em.persist(e);
        return e;
    }

    /**
     * The citizen (or the contact) answered back: the message goes on the timeline and the case goes back to the
     * person or queue that had it; a closed case refuses.
     */
    public void answered(CaseRow row, String actor, String text) {
        answered(row, actor, text, List.of());
    }

    /** The same with files already checked; they belong to the citizen's message. */
    public void answered(CaseRow row, String actor, String text, List<AttachmentRules.CheckedFile> files) {
        if (CaseStatus.CLOSED.name().equals(row.status)) {
            throw ProblemException.conflict("case-closed", "このお問い合わせは完了しています。新しいお問い合わせとしてお送りください",
                    "this inquiry is closed; please send a new one");
        }
        OffsetDateTime now = OffsetDateTime.now();
        CaseEventRow message = append(row, now, EventKind.CITIZEN_MESSAGE, actor, text.strip(), "{}");
        attach(row, message, files, Attachment.CITIZEN, actor);
        String before = row.status;
        CaseStatus s = CaseStatus.valueOf(row.status);
        if (s == CaseStatus.WAITING_FOR_CITIZEN || s == CaseStatus.RESOLVED) {
            QueueRow q = queuesById().get(row.queueId);
            row.status = (row.assignee != null ? CaseStatus.ASSIGNED
                    : q != null && q.tier == 3 ? CaseStatus.ESCALATED : CaseStatus.NEW).name();
            row.resolvedAt = null;
        }
        row.updatedAt = now;
        statusChange(row, before, now.plusNanos(1000));
        flush();
    }

    public void statusChange(CaseRow row, String before, OffsetDateTime at) {
        if (!row.status.equals(before)) {
            append(row, at, EventKind.STATUS, identity.username(),
                    "状況: " + CaseStatus.valueOf(before).citizenLabel() + " → " + CaseStatus.valueOf(row.status).citizenLabel(),
                    Json.createObjectBuilder().add("from", before).add("to", row.status).build().toString());
        }
    }

    public void requireNotClosed(CaseRow row) {
        if (CaseStatus.CLOSED.name().equals(row.status)) {
            throw ProblemException.conflict("case-closed", "この案件は完了しています", "the case is closed");
        }
    }

    public void requireNotFinished(CaseRow row) {
        if (CaseStatus.valueOf(row.status).isFinished()) {
            throw ProblemException.conflict("case-finished", "この案件はすでに解決または完了しています",
                    "the case is already resolved or closed");
        }
    }

    public void flush() {
        try {
            em.flush();
        } catch (OptimisticLockException e) {
            throw concurrentChange();
        } catch (PersistenceException e) {
            if (e.getCause() != null && e.getCause().getClass().getSimpleName().equals("OptimisticLockException")) {
                throw concurrentChange();
            }
            throw e;
        }
    }

    /** The cases of one citizen by their immutable subject id, newest first. */
    public List<CaseRow> rowsOfCitizen(String citizenSubject, int max) {
        if (citizenSubject == null || citizenSubject.isBlank()) {
            return List.of();
        }
        return em.createQuery("select c from CaseRow c where c.citizenSubject = :s order by c.createdAt desc",
                CaseRow.class).setParameter("s", citizenSubject).setMaxResults(max).getResultList();
    }

    private static ProblemException concurrentChange() {
        return ProblemException.conflict("case-changed", "ほかの職員が同時にこの案件を更新しました。画面を読み込み直してください",
                "someone else changed the case at the same time; reload and try again");
    }

    public List<QueueView> queueViews() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT q.id, q.code, q.name, q.tier, q.department, q.is_default, "
                + "count(c.id) FILTER (WHERE c.status IN ('NEW', 'ASSIGNED', 'ESCALATED')), "
                + "count(c.id) FILTER (WHERE c.status IN ('NEW', 'ESCALATED')), "
                + "count(c.id) FILTER (WHERE c.status = 'WAITING_FOR_CITIZEN'), "
                + "count(c.id) FILTER (WHERE c.status IN ('NEW', 'ASSIGNED', 'ESCALATED') AND c.first_response_at IS NULL "
                + "  AND c.sla_due_at < now()), "
                + "count(c.id) FILTER (WHERE c.status IN ('NEW', 'ASSIGNED', 'ESCALATED') AND c.first_response_at IS NULL "
                + "  AND c.sla_due_at >= now() AND " + SlaRules.warnAtSql("c.")
                + " <= now()) "
                + "FROM case_queue q LEFT JOIN inquiry_case c ON c.tenant_id = q.tenant_id AND c.queue_id = q.id "
                + "GROUP BY q.id, q.code, q.name, q.tier, q.department, q.is_default, q.position "
                + "ORDER BY q.tier, q.position, q.code").getResultList();
        List<QueueView> out = new ArrayList<>();
        for (Object[] r : rows) {
            out.add(new QueueView(r[0] instanceof UUID u ? u : UUID.fromString(r[0].toString()), (String) r[1],
                    (String) r[2], ((Number) r[3]).intValue(), (String) r[4], Boolean.TRUE.equals(r[5]), n(r[6]), n(r[7]),
                    n(r[8]), n(r[9]), n(r[10])));
        }
        return out;
    }

    public static SlaState sla(CaseRow r) {
        if (r.firstResponseAt != null) {
            return r.firstResponseAt.isAfter(r.slaDueAt) ? SlaState.LATE : SlaState.MET;
        }
        if (!CaseStatus.valueOf(r.status).isOpen()) {
            return SlaState.MET;
        }
        OffsetDateTime now = OffsetDateTime.now();
        if (now.isAfter(r.slaDueAt)) {
            return SlaState.BREACHED;
        }
        OffsetDateTime warnAt = r.slaWarnAt != null ? r.slaWarnAt
                : r.slaDueAt.minus(SlaRules.warning((int) Duration.between(r.createdAt, r.slaDueAt).toMinutes(), null));
        return now.isBefore(warnAt) ? SlaState.ON_TIME : SlaState.NEAR;
    }

    private static long n(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }
}
