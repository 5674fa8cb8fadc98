package jp.kyodo.crm.cases;

import static jp.kyodo.crm.cases.internal.CaseTexts.invalid;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import jp.kyodo.crm.CitizenNotification;
import jp.kyodo.crm.ContactMail;
import jp.kyodo.crm.cases.internal.CaseOpening;
import jp.kyodo.crm.cases.internal.CaseRecords;
import jp.kyodo.crm.cases.internal.CityDefaults;
import jp.kyodo.crm.cases.internal.FaqLearning;
import jp.kyodo.crm.cases.internal.SlaPolicyRow;
import jp.kyodo.crm.cases.internal.SlaSweep;
import jp.kyodo.tenant.RequestIdentity;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.audit.AuditLog;
import jp.kyodo.tenant.problem.ProblemException;

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
    @Inject
    CaseRecords records;
    @Inject
    CaseOpening opening;
    @Inject
    FaqLearning learning;

    // ------------------------------------------------------------------ reads

    // ------------------------------------------------------------------ actions

    // ------------------------------------------------------------------ FAQ proposals

    // ------------------------------------------------------------------ configuration

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
        List<QueueView> queues = records.queueViews();
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

    // ------------------------------------------------------------------ private

    /** The background job's sweep, also run before reads so that a look is never staler than the job. */
    private void sweepSla() {
        slaSweep.sweep();
    }

    private static long n(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }
}
