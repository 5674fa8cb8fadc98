package jp.kyodo.crm.cases;

import static jp.kyodo.crm.cases.internal.CaseTexts.blankToNull;
import static jp.kyodo.crm.cases.internal.CaseTexts.nz;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import jp.kyodo.crm.CitizenNotification;
import jp.kyodo.crm.CitizenNotification.Words;
import jp.kyodo.crm.ContactMail;
import jp.kyodo.crm.cases.internal.CaseEventRow;
import jp.kyodo.crm.cases.internal.CaseRecords;
import jp.kyodo.crm.cases.internal.CaseRow;
import jp.kyodo.crm.cases.internal.FaqLearning;
import jp.kyodo.crm.cases.internal.QueueRow;
import jp.kyodo.tenant.RequestIdentity;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.audit.AuditLog;
import jp.kyodo.tenant.pages.Languages;
import jp.kyodo.tenant.problem.Checks;
import jp.kyodo.tenant.problem.ProblemException;

/**
 * Working a case (staff): taking it, replying to the citizen (with files), internal notes, handing it to a
 * department's queue, resolving it with the answer, closing it. Each step is one transaction with its timeline entry
 * and audit record; a reply or an answer reaches the citizen (inbox, e-mail) or the contact (e-mail with a link).
 */
@ApplicationScoped
public class CaseWork {

    @PersistenceContext(unitName = "kyodo")
    EntityManager em;
    @Inject
    TenantContext tenant;
    @Inject
    RequestIdentity identity;
    @Inject
    AuditLog audit;
    @Inject
    AttachmentRules attachmentRules;
    @Inject
    Event<CitizenNotification> notifications;
    @Inject
    Event<ContactMail> contactMails;
    @Inject
    ContactThreads contactLinks;
    @Inject
    CaseRecords records;
    @Inject
    FaqLearning learning;

    /**
     * Takes a case that nobody has: exactly one of several people taking it at once gets it (one conditional UPDATE);
     * the others get a 409. Taking one's own case again changes nothing.
     */
    @Transactional
    public CaseDetail take(String ref) {
        CaseRow row = records.find(ref);
        String me = identity.username();
        String mySubject = identity.subject();
        if (mySubject == null || mySubject.isBlank()) {
            throw ProblemException.forbidden("no-subject", "サインインした職員だけが案件を担当できます",
                    "only a signed-in member of the city can take a case");
        }
        int updated = em.createNativeQuery("UPDATE inquiry_case SET assignee = ?1, assignee_subject = ?3, updated_at = now(), "
                        + "version = version + 1, status = CASE WHEN status IN ('NEW', 'ESCALATED') THEN 'ASSIGNED' ELSE status END "
                        + "WHERE id = ?2 AND assignee IS NULL AND assignee_subject IS NULL AND status NOT IN ('RESOLVED', 'CLOSED')")
                .setParameter(1, me).setParameter(2, row.id).setParameter(3, mySubject).executeUpdate();
        em.refresh(row);
        if (updated == 0) {
            if (mySubject.equals(row.assigneeSubject)) {
                return records.detail(row, false);
            }
            if (CaseStatus.valueOf(row.status).isFinished()) {
                throw ProblemException.conflict("case-finished", "この案件はすでに解決または完了しています",
                        "the case is already resolved or closed");
            }
            String who = records.assigneeName(row);
            throw ProblemException.conflict("case-taken", "この案件は " + who + " さんが担当しています",
                    "the case was taken by " + who);
        }
        records.append(row, OffsetDateTime.now(), EventKind.ASSIGNMENT, me, me + " が担当になりました。", "{}");
        audit.record("case.take", "inquiry_case", row.id.toString(), Map.of());
        return records.detail(row, false);
    }

    /** A reply to the citizen: shown in their inquiries, and they are notified. */
    @Transactional
    public CaseDetail reply(String ref, CaseMessage m) {
        return reply(ref, m, List.of());
    }

    /**
     * A reply with files (checked by {@link AttachmentRules} before anything is written; a refused file leaves no
     * reply behind).
     */
    @Transactional
    public CaseDetail reply(String ref, CaseMessage m, List<Upload> uploads) {
        Checks.valid(m);
        List<AttachmentRules.CheckedFile> files = attachmentRules.check(uploads);
        CaseRow row = records.find(ref);
        records.requireNotClosed(row);
        OffsetDateTime now = OffsetDateTime.now();
        if (row.citizenSubject == null && row.contactEmail == null) {
            // a reply reaches a person through their account (portal thread) or their e-mail address (with a link)
            throw ProblemException.conflict("no-citizen-account", "この案件の相手には市民アカウントもメールアドレスもないため、"
                    + "画面から返信できません。電話で連絡し、話した内容を内部メモに記録してください",
                    "the case has neither a citizen account nor a contact e-mail address to reply to; call the contact "
                            + "and log the call as a note");
        }
        CaseEventRow replyEvent = records.append(row, now, EventKind.STAFF_REPLY, identity.username(), m.text().strip(), "{}");
        records.attach(row, replyEvent, files, Attachment.STAFF, identity.username());
        String before = row.status;
        row.status = CaseStatus.WAITING_FOR_CITIZEN.name();
        respond(row, now);
        records.statusChange(row, before, now.plusNanos(1000));
        records.flush();
        learning.learnFromAnswer(row, m.text());
        notifyCitizen(row, Words.of("notification.case.reply.subject", row.receptionNumber), m.text().strip());
        audit.record("case.reply", "inquiry_case", row.id.toString(),
                Map.of("to", row.citizenSubject != null ? "citizen" : "contact-email"));
        return records.detail(row, false);
    }

    /** An internal note (never shown to the citizen). */
    @Transactional
    public CaseDetail note(String ref, CaseMessage m) {
        Checks.valid(m);
        CaseRow row = records.find(ref);
        records.append(row, OffsetDateTime.now(), EventKind.INTERNAL_NOTE, identity.username(), m.text().strip(), "{}");
        row.updatedAt = OffsetDateTime.now();
        records.flush();
        audit.record("case.note", "inquiry_case", row.id.toString(), Map.of());
        return records.detail(row, false);
    }

    /** Hands the case to a department's queue (tier 3) with the mandatory note; nobody there has it yet. */
    @Transactional
    public CaseDetail escalate(String ref, Escalation e) {
        Checks.valid(e);
        CaseRow row = records.find(ref);
        records.requireNotFinished(row);
        Map<UUID, QueueRow> queues = records.queuesById();
        QueueRow target = queues.values().stream().filter(q -> q.code.equals(e.queueCode())).findFirst()
                .orElseThrow(() -> ProblemException.badRequest("queue", "引継ぎ先の窓口がありません", "no such queue"));
        if (target.tier != 3) {
            throw ProblemException.badRequest("queue", "引継ぎ先は担当課の窓口（第3階層）を選んでください",
                    "escalate to a department queue (tier 3)");
        }
        if (target.id.equals(row.queueId) && row.assignee == null && row.assigneeSubject == null) {
            throw ProblemException.conflict("same-queue", "この案件はすでにその窓口にあります", "the case is already in that queue");
        }
        QueueRow from = queues.get(row.queueId);
        OffsetDateTime now = OffsetDateTime.now();
        JsonObject detail = Json.createObjectBuilder().add("from", from == null ? "" : from.code).add("to", target.code)
                .add("previousAssignee", Objects.requireNonNullElse(records.assigneeName(row), "")).build();
        records.append(row, now, EventKind.HANDOVER, identity.username(),
                (from == null ? "" : from.name) + " → " + target.name + "\n" + e.note().strip(), detail.toString());
        String before = row.status;
        row.queueId = target.id;
        row.department = target.department;
        row.assignee = null;
        row.assigneeSubject = null;
        row.status = CaseStatus.ESCALATED.name();
        row.updatedAt = now;
        records.statusChange(row, before, now.plusNanos(1000));
        records.flush();
        audit.record("case.escalate", "inquiry_case", row.id.toString(), Map.of("to", target.code));
        return records.detail(row, false);
    }

    /** Resolves the case with the answer sent to the citizen; optionally proposes an FAQ improvement. */
    @Transactional
    public CaseDetail resolve(String ref, Resolution r) {
        Checks.valid(r);
        if (r.faq() != null) {
            Checks.valid(r.faq());
        }
        CaseRow row = records.find(ref);
        records.requireNotFinished(row);
        OffsetDateTime now = OffsetDateTime.now();
        records.append(row, now, EventKind.STAFF_REPLY, identity.username(), r.answer().strip(), "{\"resolution\":true}");
        String before = row.status;
        row.status = CaseStatus.RESOLVED.name();
        row.resolvedAt = now;
        if (row.assignee == null && row.assigneeSubject == null) {
            row.assignee = identity.username();
            row.assigneeSubject = blankToNull(identity.subject());
        }
        respond(row, now);
        records.statusChange(row, before, now.plusNanos(1000));
        records.flush();
        if (r.faq() != null) {
            learning.propose(row, r.faq());
        } else {
            learning.learnFromAnswer(row, r.answer());
        }
        notifyCitizen(row, Words.of("notification.case.answer.subject", row.receptionNumber), r.answer().strip());
        audit.record("case.resolve", "inquiry_case", row.id.toString(), Map.of("faqProposal", r.faq() != null));
        return records.detail(row, false);
    }

    /** Closes a resolved case for good. */
    @Transactional
    public CaseDetail close(String ref) {
        CaseRow row = records.find(ref);
        if (!CaseStatus.RESOLVED.name().equals(row.status)) {
            throw ProblemException.conflict("case-not-resolved", "完了にできるのは解決済みの案件だけです",
                    "only a resolved case can be closed");
        }
        String before = row.status;
        row.status = CaseStatus.CLOSED.name();
        row.updatedAt = OffsetDateTime.now();
        records.statusChange(row, before, OffsetDateTime.now());
        records.flush();
        contactLinks.expireLinks(row);
        audit.record("case.close", "inquiry_case", row.id.toString(), Map.of());
        return records.detail(row, false);
    }

    private void respond(CaseRow row, OffsetDateTime now) {
        if (row.firstResponseAt == null) {
            row.firstResponseAt = now;
        }
        row.updatedAt = now;
    }

    /**
     * Tells the person about a reply: a citizen through their account (inbox, and e-mail when they chose it), a
     * contact without an account by e-mail with a link to read the thread and answer back ({@link ContactThreads}).
     */
    private void notifyCitizen(CaseRow row, Words subject, String text) {
        if (row.citizenSubject != null) {
            notifications.fire(new CitizenNotification(row.citizenSubject, nz(row.citizenUsername), subject,
                    List.of(Words.asWritten(text)), "/c/" + tenant.city().code() + "/inquiries/" + row.receptionNumber));
        } else if (row.contactEmail != null) {
            // in the language the person used with the city, and the link opens the thread in it too
            String language = Languages.supported(row.language);
            String link = contactLinks.issue(row)
                    + (language == null || Languages.JAPANESE.equals(language) ? "" : "?lang=" + language);
            List<Words> body = new ArrayList<>();
            if (row.contactName != null) {
                body.add(Words.of("contact.greeting", row.contactName));
            }
            body.add(Words.of("contact.case.reply.intro", tenant.city().name(), row.receptionNumber));
            body.add(Words.asWritten("----------\n" + text + "\n----------"));
            body.add(Words.of("contact.case.reply.link", link));
            body.add(Words.of("contact.case.reply.private", contactLinks.linkDays(), ContactThreads.LINK_DAYS_AFTER_CLOSE));
            body.add(Words.of("contact.case.reply.phone"));
            contactMails.fire(new ContactMail(row.contactEmail, language, subject, body));
        }
    }
}
