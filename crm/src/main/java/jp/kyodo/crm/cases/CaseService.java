package jp.kyodo.crm.cases;

import static jp.kyodo.crm.cases.internal.CaseTexts.ANONYMOUS;
import static jp.kyodo.crm.cases.internal.CaseTexts.blankToNull;
import static jp.kyodo.crm.cases.internal.CaseTexts.nz;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import jp.kyodo.crm.CitizenNotification;
import jp.kyodo.crm.CitizenNotification.Words;
import jp.kyodo.crm.ContactMail;
import jp.kyodo.crm.cases.internal.AttachmentRow;
import jp.kyodo.crm.cases.internal.CaseEventRow;
import jp.kyodo.crm.cases.internal.CaseRow;
import jp.kyodo.crm.cases.internal.CityDefaults;
import jp.kyodo.crm.cases.internal.FaqProposalRow;
import jp.kyodo.crm.cases.internal.QueueRow;
import jp.kyodo.crm.cases.internal.Router;
import jp.kyodo.crm.cases.internal.RoutingRuleRow;
import jp.kyodo.crm.cases.internal.SlaPolicyRow;
import jp.kyodo.crm.cases.internal.SlaSweep;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.pages.Languages;
import jp.kyodo.tenant.RequestIdentity;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.audit.AuditLog;
import jp.kyodo.tenant.problem.Checks;
import jp.kyodo.tenant.problem.ProblemException;
import jp.kyodo.tenant.reception.ReceptionNumber;
import jp.kyodo.tenant.reception.ReceptionNumbers;

/**
 * The contact centre of the current city (staff side): opening cases from every channel, routing them to a queue,
 * taking, replying, noting, escalating to a department, resolving, the city's routing rules and response targets,
 * and the dashboard. Every read of a case's personal data is written to the audit log in the same transaction.
 *
 * <p>Response targets are watched by {@link jp.kyodo.crm.cases.internal.SlaEscalationJob} in the background (every
 * city, every {@code kyodo.sla.sweep-seconds}) and again before each list, queue overview and dashboard: a case near
 * its due time gets one warning (and, waiting unassigned for the operators, one priority step), a case past it
 * priority URGENT and one SLA entry ({@link SlaSweep}). The counts themselves are always computed from the due and
 * warning times.
 */
@ApplicationScoped
public class CaseService {

    @PersistenceContext(unitName = "kyodo")
    EntityManager em;
    @Inject
    TenantContext tenant;
    @Inject
    RequestIdentity identity;
    @Inject
    jp.kyodo.tenant.identity.CityMembers members;
    @Inject
    AuditLog audit;
    @Inject
    jp.kyodo.agents.knowledgebase.KnowledgeBaseService knowledgeBase;
    @Inject
    ReceptionNumbers numbers;
    @Inject
    CityDefaults defaults;
    @Inject
    Event<CitizenNotification> notifications;
    @Inject
    AttachmentRules attachmentRules;
    @Inject
    Event<ContactMail> contactMails;
    @Inject
    ContactThreads contactLinks;
    @Inject
    SlaSweep slaSweep;
    @Inject
    jp.kyodo.agents.concierge.ConciergeService handovers;

    // ------------------------------------------------------------------ opening cases (used by CaseIntake, MyInquiries)

    /** What routing reads from the city now (see {@link Routing}); one instance serves a batch of cases. */
    Routing routing() {
        return new Routing();
    }

    /**
     * What routing a new case reads from the city (its queues, installed at first use, and routing rules; SLA targets
     * per priority as asked): read when made, so one instance serves the cases opened together in one transaction.
     */
    final class Routing {
        final Map<UUID, QueueRow> queues;
        final List<RoutingRule> rules;
        final QueueRow fallback;
        private final Map<Priority, SlaTarget> sla = new java.util.EnumMap<>(Priority.class);

        Routing() {
            tenant.city();
            defaults.ensure();
            queues = queuesById();
            rules = rules(queues);
            fallback = defaultQueue(queues.values());
        }

        SlaTarget sla(Priority p) {
            return sla.computeIfAbsent(p, CaseService.this::slaTarget);
        }
    }

    /**
     * A citizen's web form (used by {@link MyInquiries}), with the files already checked; the case belongs to the
     * citizen's subject id, their user name is kept as text.
     */
    CaseRow openFromWebForm(NewInquiry in, String citizenSubject, String citizen, List<AttachmentRules.CheckedFile> files) {
        return open(Channel.WEB_FORM, in.category(), in.subject().strip(), null, in.message().strip(),
                EventKind.CITIZEN_MESSAGE, "{}", citizenSubject, citizen, null, null, null, null, "ja", null, null,
                Priority.NORMAL, citizen, files);
    }

    CaseRow open(Channel channel, String category, String subject, String routingText, String firstText,
                         EventKind firstKind, String firstDetail, String citizenSubject, String citizen,
                         String contactName,
                         String contactEmail, String contactPhone, String suggestedDepartment, String language,
                         UUID handoverId, String receptionNumber, Priority requested, String actor,
                         List<AttachmentRules.CheckedFile> files) {
        return open(new Routing(), channel, category, subject, routingText, firstText, firstKind, firstDetail, citizenSubject,
                citizen, contactName, contactEmail, contactPhone, suggestedDepartment, language, handoverId, receptionNumber,
                requested, actor, files);
    }

    CaseRow open(Routing routing, Channel channel, String category, String subject, String routingText,
                         String firstText, EventKind firstKind, String firstDetail, String citizenSubject, String citizen,
                         String contactName, String contactEmail, String contactPhone, String suggestedDepartment,
                         String language, UUID handoverId, String receptionNumber, Priority requested, String actor,
                         List<AttachmentRules.CheckedFile> files) {
        Map<UUID, QueueRow> queues = routing.queues;
        QueueRow fallback = routing.fallback;
        Route route = Router.route(routing.rules, category,
                subject + "\n" + (routingText != null ? routingText : firstText), suggestedDepartment, requested,
                fallback.code);
        QueueRow queue = queues.values().stream().filter(q -> q.code.equals(route.queueCode())).findFirst()
                .orElse(fallback);
        OffsetDateTime now = OffsetDateTime.now();
        CaseRow row = new CaseRow();
        row.id = UUID.randomUUID();
        row.receptionNumber = receptionNumber != null ? receptionNumber : numbers.next().toString();
        row.channel = channel.name();
        row.category = category;
        row.subject = subject;
        row.department = queue.department != null ? queue.department : suggestedDepartment;
        row.priority = route.priority().name();
        row.status = CaseStatus.NEW.name();
        row.queueId = queue.id;
        row.citizenSubject = citizenSubject;
        row.citizenUsername = citizen;
        row.contactName = contactName;
        row.contactEmail = contactEmail;
        row.contactPhone = contactPhone;
        row.language = language == null || language.isBlank() ? "ja" : language;
        row.handoverId = handoverId == null ? null : handoverId.toString();
        row.createdBy = actor;
        row.createdAt = now;
        row.updatedAt = now;
        SlaTarget target = routing.sla(route.priority());
        row.slaDueAt = now.plusMinutes(target.responseMinutes());
        row.slaWarnAt = row.slaDueAt.minus(SlaRules.warning(target.responseMinutes(), target.warnBeforeMinutes()));
        em.persist(row);
        em.flush();
        JsonObject routed = Json.createObjectBuilder().add("queue", queue.code)
                .add("rule", route.rulePosition() == null ? JsonValue.NULL : Json.createValue(route.rulePosition()))
                .add("priority", route.priority().name()).build();
        append(row, now, EventKind.RECEIVED, actor,
                "受付番号 " + row.receptionNumber + " で受け付けました（" + channel.label() + "）。", routed.toString());
        CaseEventRow first = append(row, now.plusNanos(1000), firstKind, actor, firstText, firstDetail);
        attach(row, first, files, channel == Channel.WEB_FORM ? Attachment.CITIZEN : Attachment.STAFF, actor);
        return row;
    }

    // ------------------------------------------------------------------ reads

    /** The city's queues with their counts (installs the default queues at first use). */
    @Transactional
    public List<QueueView> queues() {
        tenant.city();
        defaults.ensure();
        sweepSla();
        return queueViews();
    }

    /**
     * Cases of one queue (all queues when {@code queueCode} is null), optionally of one status, newest first.
     *
     * @param mine only the caller's cases
     */
    @Transactional
    public List<CaseSummary> list(String queueCode, CaseStatus status, boolean mine, int limit) {
        tenant.city();
        defaults.ensure();
        sweepSla();
        Map<UUID, QueueRow> queues = queuesById();
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
        Map<String, String> names = assigneeNames(rows);
        List<CaseSummary> out = rows.stream().map(r -> summary(r, queues, names)).toList();
        audit.record("personal-data.read", "inquiry_case", queueCode == null ? "*" : queueCode,
                Map.of("purpose", "case list", "count", out.size()));
        return out;
    }

    /** One case with its timeline, by id or reception number; the read is audited. */
    @Transactional
    public CaseDetail get(String ref) {
        CaseRow row = find(ref);
        audit.recordPersonalDataRead("inquiry_case", row.id.toString(), "case view");
        return detail(row, false);
    }

    /** The files of a case (no bytes), by id or reception number; the read is audited like the case view. */
    @Transactional
    public List<Attachment> attachments(String ref) {
        CaseRow row = find(ref);
        audit.recordPersonalDataRead("inquiry_case", row.id.toString(), "attachment list");
        return attachmentsOf(row.id);
    }

    /**
     * Downloads one file of a case of this city (of the given case when {@code caseRef} is not null); every download
     * is written to the audit log as a read of personal data. Another city's file, or one of another case, is 404.
     */
    @Transactional
    public AttachmentFile attachment(String caseRef, String attachmentId) {
        tenant.city();
        AttachmentRow a = attachmentRow(attachmentId);
        if (a == null || (caseRef != null && !find(caseRef).id.equals(a.caseId))) {
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
        Map<UUID, QueueRow> queues = queuesById();
        List<CaseRow> rows = rowsOfCitizen(citizenSubject, 500);
        Map<String, String> names = assigneeNames(rows);
        List<CaseSummary> out = rows.stream().map(r -> summary(r, queues, names)).toList();
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
            out.put(r.receptionNumber, timeline(r.id, false).stream().filter(e -> e.kind() == EventKind.TRANSCRIPT).toList());
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

    // ------------------------------------------------------------------ actions

    /**
     * Takes a case that nobody has: exactly one of several people taking it at once gets it (one conditional UPDATE);
     * the others get a 409. Taking one's own case again changes nothing.
     */
    @Transactional
    public CaseDetail take(String ref) {
        CaseRow row = find(ref);
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
                return detail(row, false);
            }
            if (CaseStatus.valueOf(row.status).isFinished()) {
                throw ProblemException.conflict("case-finished", "この案件はすでに解決または完了しています",
                        "the case is already resolved or closed");
            }
            String who = assigneeName(row);
            throw ProblemException.conflict("case-taken", "この案件は " + who + " さんが担当しています",
                    "the case was taken by " + who);
        }
        append(row, OffsetDateTime.now(), EventKind.ASSIGNMENT, me, me + " が担当になりました。", "{}");
        audit.record("case.take", "inquiry_case", row.id.toString(), Map.of());
        return detail(row, false);
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
        CaseRow row = find(ref);
        requireNotClosed(row);
        OffsetDateTime now = OffsetDateTime.now();
        if (row.citizenSubject == null && row.contactEmail == null) {
            // a reply reaches a person through their account (portal thread) or their e-mail address (with a link)
            throw ProblemException.conflict("no-citizen-account", "この案件の相手には市民アカウントもメールアドレスもないため、"
                    + "画面から返信できません。電話で連絡し、話した内容を内部メモに記録してください",
                    "the case has neither a citizen account nor a contact e-mail address to reply to; call the contact "
                            + "and log the call as a note");
        }
        CaseEventRow replyEvent = append(row, now, EventKind.STAFF_REPLY, identity.username(), m.text().strip(), "{}");
        attach(row, replyEvent, files, Attachment.STAFF, identity.username());
        String before = row.status;
        row.status = CaseStatus.WAITING_FOR_CITIZEN.name();
        respond(row, now);
        statusChange(row, before, now.plusNanos(1000));
        flush();
        learnFromAnswer(row, m.text());
        notifyCitizen(row, Words.of("notification.case.reply.subject", row.receptionNumber), m.text().strip());
        audit.record("case.reply", "inquiry_case", row.id.toString(),
                Map.of("to", row.citizenSubject != null ? "citizen" : "contact-email"));
        return detail(row, false);
    }

    /** An internal note (never shown to the citizen). */
    @Transactional
    public CaseDetail note(String ref, CaseMessage m) {
        Checks.valid(m);
        CaseRow row = find(ref);
        append(row, OffsetDateTime.now(), EventKind.INTERNAL_NOTE, identity.username(), m.text().strip(), "{}");
        row.updatedAt = OffsetDateTime.now();
        flush();
        audit.record("case.note", "inquiry_case", row.id.toString(), Map.of());
        return detail(row, false);
    }

    /** Hands the case to a department's queue (tier 3) with the mandatory note; nobody there has it yet. */
    @Transactional
    public CaseDetail escalate(String ref, Escalation e) {
        Checks.valid(e);
        CaseRow row = find(ref);
        requireNotFinished(row);
        Map<UUID, QueueRow> queues = queuesById();
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
                .add("previousAssignee", Objects.requireNonNullElse(assigneeName(row), "")).build();
        append(row, now, EventKind.HANDOVER, identity.username(),
                (from == null ? "" : from.name) + " → " + target.name + "\n" + e.note().strip(), detail.toString());
        String before = row.status;
        row.queueId = target.id;
        row.department = target.department;
        row.assignee = null;
        row.assigneeSubject = null;
        row.status = CaseStatus.ESCALATED.name();
        row.updatedAt = now;
        statusChange(row, before, now.plusNanos(1000));
        flush();
        audit.record("case.escalate", "inquiry_case", row.id.toString(), Map.of("to", target.code));
        return detail(row, false);
    }

    /** Resolves the case with the answer sent to the citizen; optionally proposes an FAQ improvement. */
    @Transactional
    public CaseDetail resolve(String ref, Resolution r) {
        Checks.valid(r);
        if (r.faq() != null) {
            Checks.valid(r.faq());
        }
        CaseRow row = find(ref);
        requireNotFinished(row);
        OffsetDateTime now = OffsetDateTime.now();
        append(row, now, EventKind.STAFF_REPLY, identity.username(), r.answer().strip(), "{\"resolution\":true}");
        String before = row.status;
        row.status = CaseStatus.RESOLVED.name();
        row.resolvedAt = now;
        if (row.assignee == null && row.assigneeSubject == null) {
            row.assignee = identity.username();
            row.assigneeSubject = blankToNull(identity.subject());
        }
        respond(row, now);
        statusChange(row, before, now.plusNanos(1000));
        flush();
        if (r.faq() != null) {
            propose(row, r.faq());
        } else {
            learnFromAnswer(row, r.answer());
        }
        notifyCitizen(row, Words.of("notification.case.answer.subject", row.receptionNumber), r.answer().strip());
        audit.record("case.resolve", "inquiry_case", row.id.toString(), Map.of("faqProposal", r.faq() != null));
        return detail(row, false);
    }

    /** Closes a resolved case for good. */
    @Transactional
    public CaseDetail close(String ref) {
        CaseRow row = find(ref);
        if (!CaseStatus.RESOLVED.name().equals(row.status)) {
            throw ProblemException.conflict("case-not-resolved", "完了にできるのは解決済みの案件だけです",
                    "only a resolved case can be closed");
        }
        String before = row.status;
        row.status = CaseStatus.CLOSED.name();
        row.updatedAt = OffsetDateTime.now();
        statusChange(row, before, OffsetDateTime.now());
        flush();
        contactLinks.expireLinks(row);
        audit.record("case.close", "inquiry_case", row.id.toString(), Map.of());
        return detail(row, false);
    }

    /** Who proposes what the concierge learnt from an operator's answer (shown on the proposals list). */
    static final String LEARNT_BY = "concierge";
    private static final int MIN_LEARNT_ANSWER = 20;

    /**
     * Learning from operators (issue 14): when a case the concierge handed over is answered with a knowledge entry's
     * answer (the operator's reply contains the entry's published answer, as an FAQ reply draft does), the question
     * the concierge could not answer becomes a proposed phrasing of that entry — pending until staff approve it;
     * once approved it is one of the entry's phrasings, which the next calibration of the city also uses. Once per
     * case and entry.
     */
    private void learnFromAnswer(CaseRow row, String answer) {
        if (!Channel.CONCIERGE.name().equals(row.channel) || row.handoverId == null || answer == null) {
            return;
        }
        String said = squash(answer);
        jp.kyodo.agents.knowledgebase.FaqEntry used = null;
        for (jp.kyodo.agents.knowledgebase.FaqEntry f : knowledgeBase.publishedKnowledge().faqs()) {
            String a = squash(f.answer());
            if (a.length() >= MIN_LEARNT_ANSWER && said.contains(a) && (used == null || a.length() > squash(used.answer()).length())) {
                used = f;
            }
        }
        if (used == null) {
            return;
        }
        String entryId = used.id();
        boolean proposed = em.createQuery("select count(p) from FaqProposalRow p where p.caseId = :c and p.entryId = :e",
                Long.class).setParameter("c", row.id).setParameter("e", entryId).getSingleResult() > 0;
        String question = handoverQuestion(row);
        if (proposed || question == null || question.isBlank()
                || used.alternatives().stream().anyMatch(x -> squash(x.text()).equals(squash(question)))) {
            return;
        }
        FaqProposalRow p = new FaqProposalRow();
        p.id = UUID.randomUUID();
        p.caseId = row.id;
        p.kind = FaqProposal.Kind.PHRASING.name();
        p.entryId = entryId;
        p.question = question.length() > 500 ? question.substring(0, 500) : question;
        p.status = FaqProposal.Status.PENDING.name();
        p.proposedBy = LEARNT_BY;
        p.proposedAt = OffsetDateTime.now();
        em.persist(p);
        audit.record("faq-proposal.create", "faq_proposal", p.id.toString(),
                Map.of("case", row.id, "learntFrom", "operator-answer"));
    }

    /** The question the citizen asked the concierge (the hand-over's own record), else the case's subject. */
    private String handoverQuestion(CaseRow row) {
        try {
            return handovers.handover(UUID.fromString(row.handoverId)).question();
        } catch (RuntimeException e) {
            return row.subject;
        }
    }

    private static String squash(String s) {
        return s == null ? "" : java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFKC).replaceAll("\\s+", "");
    }

    /** Proposes an FAQ improvement from a case (without resolving it). */
    @Transactional
    public FaqProposal proposeFaq(String ref, FaqProposalDraft d) {
        Checks.valid(d);
        CaseRow row = find(ref);
        return propose(row, d).toProposal(row.receptionNumber);
    }

    private FaqProposalRow propose(CaseRow row, FaqProposalDraft d) {
        if (d.kind() == FaqProposal.Kind.PHRASING && blankToNull(d.entryId()) == null) {
            throw ProblemException.badRequest("faq", "言い換えの提案には対象のFAQ（ID）を選んでください",
                    "a phrasing proposal needs the FAQ entry id");
        }
        if (d.kind() == FaqProposal.Kind.NEW_ENTRY && blankToNull(d.answer()) == null) {
            throw ProblemException.badRequest("faq", "新しいFAQの提案には回答も入力してください",
                    "a new FAQ entry needs an answer");
        }
        FaqProposalRow p = new FaqProposalRow();
        p.id = UUID.randomUUID();
        p.caseId = row.id;
        p.kind = d.kind().name();
        p.entryId = blankToNull(d.entryId());
        p.question = d.question().strip();
        p.answer = blankToNull(d.answer());
        p.status = FaqProposal.Status.PENDING.name();
        p.proposedBy = identity.username();
        p.proposedAt = OffsetDateTime.now();
        em.persist(p);
        audit.record("faq-proposal.create", "faq_proposal", p.id.toString(), Map.of("case", row.id));
        return p;
    }

    // ------------------------------------------------------------------ FAQ proposals

    /** Proposals of the city, newest first; all statuses when {@code status} is null. */
    @Transactional
    public List<FaqProposal> faqProposals(FaqProposal.Status status) {
        tenant.city();
        var q = status == null
                ? em.createQuery("select p from FaqProposalRow p order by p.proposedAt desc", FaqProposalRow.class)
                : em.createQuery("select p from FaqProposalRow p where p.status = :s order by p.proposedAt desc",
                        FaqProposalRow.class).setParameter("s", status.name());
        List<FaqProposalRow> rows = q.setMaxResults(500).getResultList();
        Map<UUID, String> numbersById = new LinkedHashMap<>();
        for (FaqProposalRow p : rows) {
            numbersById.computeIfAbsent(p.caseId, id -> Optional.ofNullable(em.find(CaseRow.class, id))
                    .map(c -> c.receptionNumber).orElse(""));
        }
        return rows.stream().map(p -> p.toProposal(numbersById.get(p.caseId))).toList();
    }

    /**
     * Approves or rejects a pending proposal. Approval writes it into the city's knowledge base in the same
     * transaction, as a published change with its own version: a new FAQ entry ({@code case-<reception number>}), or
     * the proposed question as an alternative phrasing of the named entry (keeping the entry's published state).
     */
    @Transactional
    @jp.kyodo.agents.knowledgebase.IndexedWhenAnswered // an approved phrasing is searchable when this returns
    public FaqProposal decideFaq(String id, boolean approve, String note) {
        tenant.city();
        UUID uuid = uuid(id);
        FaqProposalRow p = uuid == null ? null : em.find(FaqProposalRow.class, uuid);
        if (p == null) {
            throw ProblemException.notFound("FAQ proposal");
        }
        if (!FaqProposal.Status.PENDING.name().equals(p.status)) {
            throw ProblemException.conflict("faq-proposal-decided", "この提案はすでに判断済みです", "already decided");
        }
        if (note != null && note.length() > 1000) {
            throw ProblemException.badRequest("note", "コメントは1000文字以内です", "note too long");
        }
        p.status = (approve ? FaqProposal.Status.APPROVED : FaqProposal.Status.REJECTED).name();
        p.decidedBy = identity.username();
        p.decidedAt = OffsetDateTime.now();
        p.decisionNote = blankToNull(note);
        audit.record(approve ? "faq-proposal.approve" : "faq-proposal.reject", "faq_proposal", p.id.toString(), Map.of());
        CaseRow c = em.find(CaseRow.class, p.caseId);
        if (approve) {
            intoKnowledgeBase(p, c);
        }
        return p.toProposal(c == null ? "" : c.receptionNumber);
    }

    private void intoKnowledgeBase(FaqProposalRow p, CaseRow c) {
        if (FaqProposal.Kind.PHRASING.name().equals(p.kind)) {
            jp.kyodo.agents.knowledgebase.KbEntry entry = knowledgeBase.get(p.entryId);
            jp.kyodo.agents.knowledgebase.FaqEntry f = entry.faq();
            if (f == null) {
                throw ProblemException.badRequest("not-an-faq", "言い換えを追加できるのは FAQ の項目だけです",
                        "phrasings belong to FAQ entries");
            }
            List<jp.kyodo.agents.knowledgebase.Phrasing> alternatives = new java.util.ArrayList<>(f.alternatives());
            alternatives.add(new jp.kyodo.agents.knowledgebase.Phrasing("ja", p.question));
            knowledgeBase.saveFaq(f.id(), new jp.kyodo.agents.knowledgebase.KbFaqInput(f.id(), f.question(), alternatives,
                    f.answer(), f.category(), f.department(), f.sourceUrl(), f.validFrom(), f.validTo(), f.language(),
                    entry.citizensSee()));
        } else {
            String number = c == null ? p.id.toString().substring(0, 8) : c.receptionNumber;
            knowledgeBase.saveFaq(null, new jp.kyodo.agents.knowledgebase.KbFaqInput("case-" + number, p.question,
                    List.of(), p.answer, c == null ? null : c.category, c == null ? null : c.department, null, null, null,
                    "ja", true));
        }
    }

    // ------------------------------------------------------------------ configuration

    @Transactional
    public List<RoutingRule> routingRules() {
        tenant.city();
        defaults.ensure();
        return rules(queuesById());
    }

    /** Replaces the city's routing rules (all or nothing); a rule that names the id of a stored rule keeps it. */
    @Transactional
    public List<RoutingRule> replaceRoutingRules(List<RoutingRule> rules) {
        tenant.city();
        defaults.ensure();
        List<RoutingRule> out = storeRules(rules);
        audit.record("case.routing.replace", "case_routing_rule", "*", Map.of("rules", out.size()));
        return out;
    }

    /**
     * Adds one rule: at the end of the order when its position is 0 or less, else at that position (which must be
     * free). Returns all rules.
     */
    @Transactional
    public List<RoutingRule> addRoutingRule(RoutingRule r) {
        tenant.city();
        defaults.ensure();
        Checks.valid(r);
        List<RoutingRule> all = new ArrayList<>(rules(queuesById()));
        int position = r.position() > 0 ? r.position()
                : all.stream().mapToInt(RoutingRule::position).max().orElse(0) + 10;
        all.add(new RoutingRule(position, r.category(), r.keywords(), r.departmentWords(), r.priority(), r.queueCode(), null));
        List<RoutingRule> out = storeRules(all);
        String id = out.stream().filter(x -> x.position() == position).map(x -> x.id().toString()).findFirst().orElse("?");
        audit.record("case.routing.add", "case_routing_rule", id, Map.of("position", position));
        return out;
    }

    /** Changes one rule's conditions, priority and queue; its place in the order stays (see {@link #moveRoutingRule}). */
    @Transactional
    public List<RoutingRule> updateRoutingRule(String id, RoutingRule r) {
        tenant.city();
        defaults.ensure();
        Checks.valid(r);
        RoutingRule old = rule(id);
        List<RoutingRule> all = new ArrayList<>();
        for (RoutingRule x : rules(queuesById())) {
            all.add(x.id().equals(old.id()) ? new RoutingRule(old.position(), r.category(), r.keywords(),
                    r.departmentWords(), r.priority(), r.queueCode(), old.id()) : x);
        }
        List<RoutingRule> out = storeRules(all);
        audit.record("case.routing.update", "case_routing_rule", old.id().toString(), Map.of("position", old.position()));
        return out;
    }

    /** Deletes one rule. */
    @Transactional
    public List<RoutingRule> deleteRoutingRule(String id) {
        tenant.city();
        defaults.ensure();
        RoutingRule old = rule(id);
        List<RoutingRule> out = storeRules(rules(queuesById()).stream().filter(x -> !x.id().equals(old.id())).toList());
        audit.record("case.routing.delete", "case_routing_rule", old.id().toString(), Map.of("position", old.position()));
        return out;
    }

    /** Moves one rule a place up (evaluated earlier) or down, by swapping positions with its neighbour. */
    @Transactional
    public List<RoutingRule> moveRoutingRule(String id, boolean up) {
        tenant.city();
        defaults.ensure();
        RoutingRule old = rule(id);
        List<RoutingRule> all = new ArrayList<>(rules(queuesById()));
        int i = all.indexOf(old);
        int j = up ? i - 1 : i + 1;
        if (j < 0 || j >= all.size()) {
            return all;
        }
        RoutingRule other = all.get(j);
        all.set(i, withPosition(other, old.position()));
        all.set(j, withPosition(old, other.position()));
        List<RoutingRule> out = storeRules(all);
        audit.record("case.routing.move", "case_routing_rule", old.id().toString(), Map.of("up", up));
        return out;
    }

    private static RoutingRule withPosition(RoutingRule r, int position) {
        return new RoutingRule(position, r.category(), r.keywords(), r.departmentWords(), r.priority(), r.queueCode(),
                r.id());
    }

    private RoutingRule rule(String id) {
        UUID uuid = uuid(id);
        return rules(queuesById()).stream().filter(r -> r.id().equals(uuid)).findFirst()
                .orElseThrow(() -> ProblemException.notFound("routing rule"));
    }

    /** Validates every rule, then writes the whole list (ids kept when given and stored, else new). */
    private List<RoutingRule> storeRules(List<RoutingRule> rules) {
        if (rules == null || rules.size() > 200) {
            throw ProblemException.badRequest("rules", "ルールは0〜200件で指定してください", "0 to 200 rules");
        }
        Map<UUID, QueueRow> queues = queuesById();
        Set<Integer> positions = new HashSet<>();
        for (RoutingRule r : rules) {
            Checks.valid(r);
            if (!positions.add(r.position())) {
                throw invalid("position", "順番 " + r.position() + " が重複しています", "duplicate position");
            }
            if (queues.values().stream().noneMatch(q -> q.code.equals(r.queueCode()))) {
                throw invalid("queueCode", "窓口 " + r.queueCode() + " はありません", "unknown queue");
            }
            if (r.category() != null && !r.category().isBlank() && Category.of(r.category()).isEmpty()) {
                throw invalid("category", "分類 " + r.category() + " はありません", "unknown category");
            }
        }
        Set<UUID> stored = new HashSet<>();
        em.createQuery("select r.id from RoutingRuleRow r", UUID.class).getResultStream().forEach(stored::add);
        em.createQuery("delete from RoutingRuleRow").executeUpdate();
        em.flush();
        em.clear();
        Set<UUID> used = new HashSet<>();
        for (RoutingRule r : rules) {
            RoutingRuleRow row = new RoutingRuleRow();
            row.id = r.id() != null && stored.contains(r.id()) && used.add(r.id()) ? r.id() : UUID.randomUUID();
            row.position = r.position();
            row.category = blankToNull(r.category());
            row.keywords = RoutingRuleRow.join(r.keywords());
            row.suggestedDepartment = RoutingRuleRow.join(r.departmentWords());
            row.priority = r.priority() == null ? null : r.priority().name();
            row.queueId = queues.values().stream().filter(q -> q.code.equals(r.queueCode())).findFirst().orElseThrow().id;
            em.persist(row);
        }
        em.flush();
        return rules(queuesById());
    }

    /** A 400 {@code validation} problem naming one field, like {@link Checks#valid}'s. */
    static ProblemException invalid(String field, String messageJa, String detailEn) {
        return new ProblemException(400, "validation", "入力内容に誤りがあります", "The request is invalid",
                field + ": " + messageJa + " / " + detailEn,
                Map.of("errors", List.of(Map.of("field", field, "message", messageJa))));
    }

    /** Adds a queue, or changes an existing one with the same code; its cases stay where they are. */
    @Transactional
    public List<QueueView> saveQueue(QueueDraft d) {
        Checks.valid(d);
        tenant.city();
        defaults.ensure();
        QueueRow q = queuesById().values().stream().filter(x -> x.code.equals(d.code())).findFirst().orElse(null);
        if (q == null) {
            q = new QueueRow();
            q.id = UUID.randomUUID();
            q.code = d.code();
            q.position = queuesById().size();
            applyQueue(q, d);
            em.persist(q);
        } else {
            applyQueue(q, d);
        }
        return finishQueue(q, d);
    }

    /** Changes the queue with this id, its code included (rules and cases point at the queue, not at its code). */
    @Transactional
    public List<QueueView> updateQueue(String id, QueueDraft d) {
        tenant.city();
        defaults.ensure();
        UUID uuid = uuid(id);
        QueueRow q = uuid == null ? null : queuesById().get(uuid);
        if (q == null) {
            throw ProblemException.notFound("queue");
        }
        Checks.valid(d);
        QueueRow current = q;
        if (queuesById().values().stream().anyMatch(x -> x.code.equals(d.code()) && !x.id.equals(current.id))) {
            throw invalid("code", "窓口コード " + d.code() + " はほかの窓口で使われています", "code in use");
        }
        q.code = d.code();
        applyQueue(q, d);
        return finishQueue(q, d);
    }

    private void applyQueue(QueueRow q, QueueDraft d) {
        boolean willBeDefault = q.isDefault || Boolean.TRUE.equals(d.defaultQueue());
        if (willBeDefault && d.tier() != 2) {
            throw invalid("tier", "既定の窓口は第2階層（オペレーター）にしてください", "the default queue is tier 2");
        }
        q.name = d.name().strip();
        q.tier = d.tier();
        q.department = blankToNull(d.department());
    }

    private List<QueueView> finishQueue(QueueRow q, QueueDraft d) {
        em.flush();
        if (Boolean.TRUE.equals(d.defaultQueue()) && !q.isDefault) {
            // one default per city (a unique index): clear the old one first, then set the new one
            em.createNativeQuery("UPDATE case_queue SET is_default = false WHERE is_default AND id <> ?1")
                    .setParameter(1, q.id).executeUpdate();
            em.createNativeQuery("UPDATE case_queue SET is_default = true WHERE id = ?1").setParameter(1, q.id)
                    .executeUpdate();
            em.refresh(q);
        }
        audit.record("case.queue.save", "case_queue", q.id.toString(), Map.of("code", q.code));
        return queueViews();
    }

    @Transactional
    public List<SlaTarget> slaTargets() {
        tenant.city();
        defaults.ensure();
        return em.createQuery("select s from SlaPolicyRow s", SlaPolicyRow.class).getResultStream()
                .map(s -> new SlaTarget(Priority.valueOf(s.priority), s.responseMinutes, s.warnBeforeMinutes))
                .sorted(Comparator.comparing(SlaTarget::priority)).toList();
    }

    /**
     * Changes response targets and their warning times (all or nothing); they apply to cases opened from now on. A
     * field error names the priority: {@code HIGH.responseMinutes}, {@code HIGH.warnBeforeMinutes}.
     */
    @Transactional
    public List<SlaTarget> replaceSlaTargets(List<SlaTarget> targets) {
        tenant.city();
        defaults.ensure();
        if (targets == null || targets.isEmpty()) {
            throw ProblemException.badRequest("sla", "対応期限を1件以上指定してください", "at least one target");
        }
        List<Map<String, Object>> errors = new ArrayList<>();
        Set<Priority> seen = new HashSet<>();
        for (SlaTarget t : targets) {
            if (t == null || t.priority() == null) {
                errors.add(Map.of("field", "priority", "message", "優先度を指定してください"));
                continue;
            }
            String p = t.priority().name();
            if (!seen.add(t.priority())) {
                errors.add(Map.of("field", p + ".priority", "message", "優先度「" + t.priority().label() + "」が重複しています"));
            }
            if (t.responseMinutes() < 5 || t.responseMinutes() > 525600) {
                errors.add(Map.of("field", p + ".responseMinutes", "message",
                        "優先度「" + t.priority().label() + "」の対応期限は5分以上525600分（365日）以内にしてください"));
            }
            if (t.warnBeforeMinutes() != null && (t.warnBeforeMinutes() < 1 || t.warnBeforeMinutes() > t.responseMinutes())) {
                errors.add(Map.of("field", p + ".warnBeforeMinutes", "message",
                        "優先度「" + t.priority().label() + "」の事前の警告は1分以上、対応期限（" + t.responseMinutes()
                                + "分）以下にしてください（空欄で自動）"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(400, "validation", "入力内容に誤りがあります", "The request is invalid",
                    errors.stream().map(e -> e.get("field") + ": " + e.get("message")).reduce((x, y) -> x + "; " + y)
                            .orElse(""), Map.of("errors", errors));
        }
        for (SlaTarget t : targets) {
            em.createNativeQuery("INSERT INTO case_sla_policy (id, priority, response_minutes, warn_before_minutes) "
                            + "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (tenant_id, priority) DO UPDATE SET "
                            + "response_minutes = EXCLUDED.response_minutes, warn_before_minutes = EXCLUDED.warn_before_minutes")
                    .setParameter(1, UUID.randomUUID()).setParameter(2, t.priority().name())
                    .setParameter(3, t.responseMinutes()).setParameter(4, t.warnBeforeMinutes()).executeUpdate();
        }
        audit.record("case.sla.replace", "case_sla_policy", "*", Map.of("targets", targets.size()));
        return slaTargets();
    }

    // ------------------------------------------------------------------ dashboard

    @Transactional
    public Dashboard dashboard() {
        tenant.city();
        defaults.ensure();
        sweepSla();
        List<QueueView> queues = queueViews();
        Object[] r = (Object[]) em.createNativeQuery("SELECT "
                + "count(*) FILTER (WHERE status IN ('NEW', 'ASSIGNED', 'ESCALATED')), "
                + "count(*) FILTER (WHERE status IN ('NEW', 'ASSIGNED', 'ESCALATED') AND first_response_at IS NULL AND sla_due_at < now()), "
                + "count(*) FILTER (WHERE status IN ('NEW', 'ASSIGNED', 'ESCALATED') AND first_response_at IS NULL AND sla_due_at >= now() "
                + "  AND " + SlaRules.WARN_AT_SQL + " <= now()), "
                + "count(*) FILTER (WHERE first_response_at > now() - interval '30 days' AND first_response_at > sla_due_at), "
                + "count(*) FILTER (WHERE first_response_at > now() - interval '30 days'), "
                + "percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM (first_response_at - created_at)) / 60) "
                + "  FILTER (WHERE first_response_at > now() - interval '30 days') "
                + "FROM inquiry_case").getSingleResult();
        return new Dashboard(queues, n(r[0]), n(r[1]), n(r[2]), n(r[3]), n(r[4]),
                r[5] == null ? null : Math.round(((Number) r[5]).doubleValue() * 10) / 10.0);
    }

    // ------------------------------------------------------------------ helpers shared with MyInquiries

    CaseRow find(String ref) {
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

    CaseDetail detail(CaseRow row, boolean citizenView) {
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

    List<CaseEvent> timeline(UUID caseId, boolean citizenView) {
        String jpql = "select e from CaseEventRow e where e.caseId = :c" + (citizenView ? " and e.visibleToCitizen = true" : "")
                + " order by e.at, e.id";
        Map<UUID, List<Attachment>> files = attachmentsByEvent(caseId);
        return em.createQuery(jpql, CaseEventRow.class).setParameter("c", caseId).getResultStream()
                .map(e -> e.toEvent(files.getOrDefault(e.id, List.of()))).toList();
    }

    /** The files of a case (metadata only), oldest first, by the timeline entry they belong to. */
    Map<UUID, List<Attachment>> attachmentsByEvent(UUID caseId) {
        Map<UUID, List<Attachment>> out = new LinkedHashMap<>();
        for (Attachment a : attachmentsOf(caseId)) {
            out.computeIfAbsent(a.eventId(), k -> new ArrayList<>()).add(a);
        }
        return out;
    }

    List<Attachment> attachmentsOf(UUID caseId) {
        return em.createQuery("select a.id, a.eventId, a.fileName, a.contentType, a.sizeBytes, a.sha256, a.uploaderKind, "
                        + "a.uploadedAt from AttachmentRow a where a.caseId = :c order by a.uploadedAt, a.fileName",
                        Object[].class).setParameter("c", caseId).getResultStream()
                .map(r -> new Attachment((UUID) r[0], (UUID) r[1], (String) r[2], (String) r[3],
                        ((Number) r[4]).longValue(), (String) r[5], (String) r[6], (OffsetDateTime) r[7])).toList();
    }

    /** Stores checked files on a timeline entry in the caller's transaction (after the entry itself). */
    void attach(CaseRow row, CaseEventRow event, List<AttachmentRules.CheckedFile> files, String uploaderKind,
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

    CaseRow caseRow(UUID id) {
        return em.find(CaseRow.class, id);
    }

    /** One stored file with its bytes, or null when there is none with this id in the city. */
    AttachmentRow attachmentRow(String id) {
        UUID u = uuid(id);
        return u == null ? null : em.find(AttachmentRow.class, u);
    }

    CaseSummary summary(CaseRow r, Map<UUID, QueueRow> queues, Map<String, String> assigneeNames) {
        QueueRow q = queues.get(r.queueId);
        return new CaseSummary(r.id, r.receptionNumber, Channel.valueOf(r.channel), r.category, r.subject,
                Priority.valueOf(r.priority), CaseStatus.valueOf(r.status), q == null ? null : q.code,
                q == null ? null : q.name, assigneeName(r, assigneeNames), r.citizenUsername, r.contactName, r.createdAt,
                r.updatedAt, r.slaDueAt, sla(r));
    }

    /** The display names of the people who have these cases (one query), by subject id. */
    Map<String, String> assigneeNames(List<CaseRow> rows) {
        return members.displayNames(rows.stream().map(r -> r.assigneeSubject).toList());
    }

    /**
     * Who has the case, as shown to staff: the display name of the member with the case's subject id; a closed
     * account (or a name from before subject ids whose holder could not be told) is shown as such, never as the
     * person who holds the user name now; null when nobody has it.
     */
    static String assigneeName(CaseRow r, Map<String, String> names) {
        if (r.assigneeSubject != null) {
            return names.getOrDefault(r.assigneeSubject, jp.kyodo.tenant.identity.CityMembers.FORMER_MEMBER);
        }
        return r.assignee == null ? null : jp.kyodo.tenant.identity.CityMembers.FORMER_MEMBER;
    }

    String assigneeName(CaseRow r) {
        return assigneeName(r, r.assigneeSubject == null ? Map.of() : members.displayNames(List.of(r.assigneeSubject)));
    }

    Map<UUID, QueueRow> queuesById() {
        Map<UUID, QueueRow> out = new LinkedHashMap<>();
        em.createQuery("select q from QueueRow q order by q.tier, q.position, q.code", QueueRow.class).getResultStream()
                .forEach(q -> out.put(q.id, q));
        return out;
    }

    CaseEventRow append(CaseRow row, OffsetDateTime at, EventKind kind, String actor, String body, String detailJson) {
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
    void answered(CaseRow row, String actor, String text) {
        answered(row, actor, text, List.of());
    }

    /** The same with files already checked; they belong to the citizen's message. */
    void answered(CaseRow row, String actor, String text, List<AttachmentRules.CheckedFile> files) {
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

    void statusChange(CaseRow row, String before, OffsetDateTime at) {
        if (!row.status.equals(before)) {
            append(row, at, EventKind.STATUS, identity.username(),
                    "状況: " + CaseStatus.valueOf(before).citizenLabel() + " → " + CaseStatus.valueOf(row.status).citizenLabel(),
                    Json.createObjectBuilder().add("from", before).add("to", row.status).build().toString());
        }
    }

    void requireNotClosed(CaseRow row) {
        if (CaseStatus.CLOSED.name().equals(row.status)) {
            throw ProblemException.conflict("case-closed", "この案件は完了しています", "the case is closed");
        }
    }

    void flush() {
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
    List<CaseRow> rowsOfCitizen(String citizenSubject, int max) {
        if (citizenSubject == null || citizenSubject.isBlank()) {
            return List.of();
        }
        return em.createQuery("select c from CaseRow c where c.citizenSubject = :s order by c.createdAt desc",
                CaseRow.class).setParameter("s", citizenSubject).setMaxResults(max).getResultList();
    }

    City city() {
        return tenant.city();
    }

    // ------------------------------------------------------------------ private

    private static ProblemException concurrentChange() {
        return ProblemException.conflict("case-changed", "ほかの職員が同時にこの案件を更新しました。画面を読み込み直してください",
                "someone else changed the case at the same time; reload and try again");
    }

    private void requireNotFinished(CaseRow row) {
        if (CaseStatus.valueOf(row.status).isFinished()) {
            throw ProblemException.conflict("case-finished", "この案件はすでに解決または完了しています",
                    "the case is already resolved or closed");
        }
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

    private List<RoutingRule> rules(Map<UUID, QueueRow> queues) {
        return em.createQuery("select r from RoutingRuleRow r order by r.position", RoutingRuleRow.class)
                .getResultStream().filter(r -> queues.containsKey(r.queueId))
                .map(r -> r.toRule(queues.get(r.queueId).code)).toList();
    }

    private static QueueRow defaultQueue(java.util.Collection<QueueRow> queues) {
        return queues.stream().filter(q -> q.isDefault).findFirst()
                .or(() -> queues.stream().filter(q -> q.tier == 2).findFirst())
                .or(() -> queues.stream().findFirst())
                .orElseThrow(() -> new IllegalStateException("the city has no case queue"));
    }

    private SlaTarget slaTarget(Priority p) {
        return em.createQuery("select s from SlaPolicyRow s where s.priority = :p", SlaPolicyRow.class)
                .setParameter("p", p.name()).getResultStream().findFirst()
                .map(s -> new SlaTarget(p, s.responseMinutes, s.warnBeforeMinutes))
                .orElse(new SlaTarget(p, p.defaultResponseMinutes(), null));
    }

    private List<QueueView> queueViews() {
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

    /** The background job's sweep, also run before reads so that a look is never staler than the job. */
    private void sweepSla() {
        slaSweep.sweep();
    }

    static SlaState sla(CaseRow r) {
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

    static UUID uuid(String s) {
        if (s == null || s.length() != 36) {
            return null;
        }
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static long n(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }
}
