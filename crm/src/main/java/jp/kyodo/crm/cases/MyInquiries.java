package jp.kyodo.crm.cases;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jp.kyodo.crm.cases.internal.CaseOpening;
import jp.kyodo.crm.cases.internal.CaseRecords;
import jp.kyodo.crm.cases.internal.CaseRow;
import jp.kyodo.crm.cases.internal.QueueRow;
import jp.kyodo.tenant.RequestIdentity;
import jp.kyodo.tenant.audit.AuditLog;
import jp.kyodo.tenant.problem.Checks;
import jp.kyodo.tenant.problem.ProblemException;
import jp.kyodo.tenant.reception.ReceptionNumber;

/**
 * The signed-in citizen's own inquiries (問合せ) in the current city: writing one, the list, the thread (only what
 * is meant for the citizen: no internal notes, no staff names), and answering back into the same case. A case of
 * anybody else, in this city or another, is "not found".
 */
@ApplicationScoped
public class MyInquiries {

    /** How the citizen sees staff on the thread (no staff user names). */
    public static final String CITY_STAFF = "市の担当者";

    @Inject
    CaseRecords cases;
    @Inject
    CaseOpening opening;
    @Inject
    RequestIdentity identity;
    @Inject
    AuditLog audit;
    @Inject
    AttachmentRules rules;

    @Transactional
    public CaseDetail submit(NewInquiry in) {
        return submit(in, List.of());
    }

    /**
     * Sends an inquiry with files: the text and every file are checked first, and the case, its first message and
     * the files are written in one transaction, so a refused file leaves no case behind.
     */
    @Transactional
    public CaseDetail submit(NewInquiry in, List<Upload> uploads) {
        String me = me();
        Checks.valid(in);
        List<AttachmentRules.CheckedFile> files = rules.check(uploads);
        CaseRow row = openFromWebForm(in, me, myName(), files);
        audit.record("case.open", "inquiry_case", row.id.toString(), Map.of("channel", row.channel,
                "attachments", files.size()));
        return view(row);
    }

    /**
     * A citizen's web form (used by {@link #submit}), with the files already checked; the case belongs to the
     * citizen's subject id, their user name is kept as text.
     */
    private CaseRow openFromWebForm(NewInquiry in, String citizenSubject, String citizen, List<AttachmentRules.CheckedFile> files) {
        return opening.open(Channel.WEB_FORM, in.category(), in.subject().strip(), null, in.message().strip(),
                EventKind.CITIZEN_MESSAGE, "{}", citizenSubject, citizen, null, null, null, null, "ja", null, null,
                Priority.NORMAL, citizen, files);
    }

    /** The citizen's cases, newest first. */
    @Transactional
    public List<CaseSummary> list() {
        String me = me();
        cases.city();
        Map<UUID, QueueRow> queues = cases.queuesById();
        return cases.rowsOfCitizen(me, 200).stream().map(r -> withoutStaffData(cases.summary(r, queues, Map.of()))).toList();
    }

    /** One of the citizen's cases by reception number (or id). */
    @Transactional
    public CaseDetail get(String ref) {
        return view(own(ref));
    }

    /** The citizen answers back: the case goes back to the person or queue that had it; a closed case refuses. */
    @Transactional
    public CaseDetail answer(String ref, CaseMessage m) {
        return answer(ref, m, List.of());
    }

    /** Answers back with files; as with {@link #submit(NewInquiry, List)}, a refused file leaves no message. */
    @Transactional
    public CaseDetail answer(String ref, CaseMessage m, List<Upload> uploads) {
        Checks.valid(m);
        CaseRow row = own(ref);
        List<AttachmentRules.CheckedFile> files = rules.check(uploads);
        cases.answered(row, myName(), m.text(), files);
        audit.record("case.citizen-message", "inquiry_case", row.id.toString(), Map.of());
        return view(row);
    }

    /** The files of one of the citizen's cases that the citizen can see (theirs and the city's replies). */
    @Transactional
    public List<Attachment> attachments(String ref) {
        return visible(own(ref));
    }

    /** One file of the citizen's own cases; any other (another person's, another city's, a staff-only one) is 404. */
    @Transactional
    public AttachmentFile attachment(String caseRef, String attachmentId) {
        String me = me();
        var a = cases.attachmentRow(attachmentId);
        CaseRow row = a == null ? null : cases.caseRow(a.caseId);
        if (row == null || !me.equals(row.citizenSubject)
                || (caseRef != null && !row.id.equals(own(caseRef).id))
                || visible(row).stream().noneMatch(x -> x.id().equals(a.id))) {
            throw ProblemException.notFound("attachment");
        }
        audit.record("case.attachment.download", "case_attachment", a.id.toString(), Map.of("by", "citizen"));
        return new AttachmentFile(a.fileName, a.contentType, a.sha256, a.content);
    }

    private List<Attachment> visible(CaseRow row) {
        java.util.Set<UUID> events = new java.util.HashSet<>();
        cases.timeline(row.id, true).forEach(e -> events.add(e.id()));
        return cases.attachmentsOf(row.id).stream().filter(a -> events.contains(a.eventId())).toList();
    }

    private CaseRow own(String ref) {
        String me = me();
        CaseRow row;
        try {
            row = cases.find(ReceptionNumber.parse(ref).map(ReceptionNumber::toString).orElse(ref));
        } catch (ProblemException e) {
            throw ProblemException.notFound("inquiry");
        }
        if (!me.equals(row.citizenSubject)) {
            throw ProblemException.notFound("inquiry");
        }
        return row;
    }

    private CaseDetail view(CaseRow row) {
        CaseDetail d = cases.detail(row, true);
        List<CaseEvent> timeline = d.timeline().stream().map(e -> e.actor().equals(row.citizenUsername) ? e
                : new CaseEvent(e.id(), e.at(), e.kind(), CITY_STAFF, e.visibleToCitizen(), e.body(), e.attachments())).toList();
        return new CaseDetail(d.id(), d.receptionNumber(), d.channel(), d.category(), d.subject(), d.department(),
                d.priority(), d.status(), null, null, 0, null, d.citizenUsername(), null, null, null, d.language(), null,
                null, d.createdAt(), d.updatedAt(), null, null, d.firstResponseAt(), d.resolvedAt(), timeline);
    }

    private static CaseSummary withoutStaffData(CaseSummary s) {
        return new CaseSummary(s.id(), s.receptionNumber(), s.channel(), s.category(), s.subject(), s.priority(),
                s.status(), null, null, null, s.citizenUsername(), null, s.createdAt(), s.updatedAt(), null, null);
    }

    /**
     * The caller's immutable subject id: a citizen's cases belong to it, never to the user name (a closed account's
     * name may be taken by a new person, who must find none of the first one's inquiries).
     */
    private String me() {
        String s = identity.subject();
        if (s == null || s.isBlank()) {
            throw ProblemException.forbidden("sign-in-required", "サインインしてください", "sign in first");
        }
        return s;
    }

    /** The caller's user name: the author of their messages as people read it. */
    private String myName() {
        me();
        return identity.username();
    }
}
