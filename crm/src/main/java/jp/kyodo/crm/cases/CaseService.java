package jp.kyodo.crm.cases;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import jp.kyodo.crm.CitizenNotification;
import jp.kyodo.crm.ContactMail;
import jp.kyodo.crm.cases.internal.CaseOpening;
import jp.kyodo.crm.cases.internal.CaseRecords;
import jp.kyodo.crm.cases.internal.CityDefaults;
import jp.kyodo.crm.cases.internal.FaqLearning;
import jp.kyodo.crm.cases.internal.SlaSweep;
import jp.kyodo.tenant.RequestIdentity;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.audit.AuditLog;

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
