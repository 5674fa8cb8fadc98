package jp.kyodo.crm.cases;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import jp.kyodo.crm.cases.internal.AttachmentRow;
import jp.kyodo.crm.cases.internal.CaseRecords;
import jp.kyodo.crm.cases.internal.CaseRow;
import jp.kyodo.crm.cases.internal.CityDefaults;
import jp.kyodo.crm.cases.internal.QueueRow;
import jp.kyodo.crm.cases.internal.SlaSweep;
import jp.kyodo.tenant.RequestIdentity;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.audit.AuditLog;
import jp.kyodo.tenant.identity.CityMembers;
import jp.kyodo.tenant.problem.ProblemException;

/**
 * Finding and reading cases (staff): a queue's or one's own list, one case with its timeline, its files, and a
 * citizen's cases and concierge conversations for the citizen 360. Every read of personal data is written to the
 * audit log in the same transaction; a case of another city is not found.
 */
@ApplicationScoped
public class CaseLookup {

    @PersistenceContext(unitName = "kyodo")
    EntityManager em;
    @Inject
    TenantContext tenant;
    @Inject
    RequestIdentity identity;
    @Inject
    CityMembers members;
    @Inject
    AuditLog audit;
    @Inject
    CityDefaults defaults;
    @Inject
    SlaSweep slaSweep;
    @Inject
    CaseRecords records;

    /**
     * Cases of one queue (all queues when {@code queueCode} is null), optionally of one status, newest first.
     *
     * @param mine only the caller's cases
     */
    @Transactional
    public List<CaseSummary> list(String queueCode, CaseStatus status, boolean mine, int limit) {
        tenant.city();
        defaults.ensure();
        slaSweep.sweep();
        Map<UUID, QueueRow> queues = records.queuesById();
        UUID queueId = null;
        if (queueCode != null && !queueCode.isBlank()) {
            queueId = queues.values().stream().filter(q -> q.code.equals(queueCode)).map(q -> q.id).findFirst()
                    .orElseThrow(() -> ProblemException.notFound("queue " + queueCode));
        }
        StringBuilder jpql = new StringBuilder("select c from CaseRow c where 1 = 1");
        if (queueId != null) {
            jpql.append(" and c.queueId = :q");
        }
        if (status != null) {
            jpql.append(" and c.status = :s");
        } else {
            jpql.append(" and c.status <> 'CLOSED'");
        }
        if (mine) {
            jpql.append(" and c.assigneeSubject = :me");
        }
        jpql.append(" order by c.createdAt desc");
        var q = em.createQuery(jpql.toString(), CaseRow.class);
        if (queueId != null) {
            q.setParameter("q", queueId);
        }
        if (status != null) {
            q.setParameter("s", status.name());
        }
        if (mine) {
            // the caller's cases are the ones taken under their subject id, never under a user name a closed
            // account had before them
            if (identity.subject() == null || identity.subject().isBlank()) {
                return List.of();
            }
            q.setParameter("me", identity.subject());
        }
        List<CaseRow> rows = q.setMaxResults(Math.max(1, Math.min(limit, 500))).getResultList();
        Map<String, String> names = records.assigneeNames(rows);
        List<CaseSummary> out = rows.stream().map(r -> records.summary(r, queues, names)).toList();
        audit.record("personal-data.read", "inquiry_case", queueCode == null ? "*" : queueCode,
                Map.of("purpose", "case list", "count", out.size()));
        return out;
    }

    /** One case with its timeline, by id or reception number; the read is audited. */
    @Transactional
    public CaseDetail get(String ref) {
        CaseRow row = records.find(ref);
        audit.recordPersonalDataRead("inquiry_case", row.id.toString(), "case view");
        return records.detail(row, false);
    }

    /** The files of a case (no bytes), by id or reception number; the read is audited like the case view. */
    @Transactional
    public List<Attachment> attachments(String ref) {
        CaseRow row = records.find(ref);
        audit.recordPersonalDataRead("inquiry_case", row.id.toString(), "attachment list");
        return records.attachmentsOf(row.id);
    }

    /**
     * Downloads one file of a case of this city (of the given case when {@code caseRef} is not null); every download
     * is written to the audit log as a read of personal data. Another city's file, or one of another case, is 404.
     */
    @Transactional
    public AttachmentFile attachment(String caseRef, String attachmentId) {
        tenant.city();
        AttachmentRow a = records.attachmentRow(attachmentId);
        if (a == null || (caseRef != null && !records.find(caseRef).id.equals(a.caseId))) {
            throw ProblemException.notFound("attachment");
        }
        audit.record("personal-data.read", "case_attachment", a.id.toString(),
                Map.of("purpose", "attachment download", "case", a.caseId.toString(), "uploader", a.uploaderKind));
        return new AttachmentFile(a.fileName, a.contentType, a.sha256, a.content);
    }

    /**
     * Every case of the citizen who holds this user name now (citizen 360), newest first; the read is audited. Cases of
     * an earlier holder of the name are not theirs and are not listed (see {@link #casesOfCitizenSubject}).
     */
    @Transactional
    public List<CaseSummary> casesOfCitizen(String username) {
        tenant.city();
        return members.subjectOf(username).map(this::casesOfCitizenSubject).orElse(List.of());
    }

    /** Every case of one citizen of this city by their subject id (citizen 360), newest first; the read is audited. */
    @Transactional
    public List<CaseSummary> casesOfCitizenSubject(String citizenSubject) {
        tenant.city();
        Map<UUID, QueueRow> queues = records.queuesById();
        List<CaseRow> rows = records.rowsOfCitizen(citizenSubject, 500);
        Map<String, String> names = records.assigneeNames(rows);
        List<CaseSummary> out = rows.stream().map(r -> records.summary(r, queues, names)).toList();
        audit.record("personal-data.read", "citizen", citizenSubject, Map.of("purpose", "citizen 360 cases", "count", out.size()));
        return out;
    }

    /** The concierge conversations handed over by the citizen who holds this user name now. */
    @Transactional
    public Map<String, List<CaseEvent>> conciergeTranscriptsOf(String username) {
        tenant.city();
        return members.subjectOf(username).map(this::conciergeTranscriptsOfSubject).orElse(Map.of());
    }

    /** The concierge conversations handed over by one citizen (each became a case): transcript per case. */
    @Transactional
    public Map<String, List<CaseEvent>> conciergeTranscriptsOfSubject(String citizenSubject) {
        tenant.city();
        Map<String, List<CaseEvent>> out = new LinkedHashMap<>();
        List<CaseRow> rows = em.createQuery("select c from CaseRow c where c.citizenSubject = :s and c.channel = 'CONCIERGE' "
                + "order by c.createdAt desc", CaseRow.class).setParameter("s", citizenSubject).setMaxResults(100).getResultList();
        for (CaseRow r : rows) {
            out.put(r.receptionNumber, records.timeline(r.id, false).stream().filter(e -> e.kind() == EventKind.TRANSCRIPT).toList());
        }
        audit.record("personal-data.read", "citizen", citizenSubject, Map.of("purpose", "citizen 360 concierge", "count", out.size()));
        return out;
    }

    /**
     * The subject id of the citizen whose case this is: empty for a contact without an account, and for a case whose
     * citizen's account was closed before cases were kept by subject (only their name is known then).
     */
    @Transactional
    public Optional<String> citizenSubjectOf(UUID caseId) {
        tenant.city();
        CaseRow row = caseId == null ? null : em.find(CaseRow.class, caseId);
        return row == null ? Optional.empty() : Optional.ofNullable(row.citizenSubject);
    }
}
