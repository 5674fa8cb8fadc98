package jp.kyodo.crm.cases;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import jp.kyodo.crm.cases.internal.CaseRecords;
import jp.kyodo.crm.cases.internal.CityDefaults;
import jp.kyodo.crm.cases.internal.SlaSweep;
import jp.kyodo.tenant.TenantContext;

/**
 * The contact centre's dashboard: each queue's counts, the cases open, past and near their response target, and how
 * the last 30 days' first responses kept their targets (after the response-target sweep, like the queue overview).
 */
@ApplicationScoped
public class CaseDashboard {

    @PersistenceContext(unitName = "kyodo")
    EntityManager em;
    @Inject
    TenantContext tenant;
    @Inject
    CityDefaults defaults;
    @Inject
    SlaSweep slaSweep;
    @Inject
    CaseRecords records;

    @Transactional
    public Dashboard dashboard() {
        tenant.city();
        defaults.ensure();
        slaSweep.sweep();
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

    private static long n(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }
}
