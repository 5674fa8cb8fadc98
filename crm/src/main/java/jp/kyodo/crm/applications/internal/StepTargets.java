package jp.kyodo.crm.applications.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.logging.Logger;
import jp.kyodo.crm.cases.ResponseTargetTick;
import jp.kyodo.tenant.TenantContext;

/**
 * Response targets per workflow step, swept by the contact centre's response-target job: an application waiting on
 * the city (received or under review, not while the citizen is asked for more) past its step's target gets one
 * {@code OVERDUE} entry, exactly once even with several servers (a conditional update marks it).
 */
@ApplicationScoped
public class StepTargets {

    private static final Logger LOG = Logger.getLogger(StepTargets.class.getName());

    @PersistenceContext(unitName = "kyodo")
    EntityManager em;
    @Inject
    TenantContext tenant;

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    void onTick(@Observes ResponseTargetTick tick) {
        int n = sweep();
        if (n > 0) {
            LOG.info("application steps past their target in " + tenant.city().code() + ": " + n);
        }
    }

    /** Marks the overdue steps of the bound city; the number marked. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int sweep() {
        tenant.city();
        // FOR UPDATE SKIP LOCKED: an application another server's sweep holds is left to it; mark and event commit together
        return em.createNativeQuery("WITH due AS (SELECT tenant_id, id FROM application WHERE status IN "
                + "('SUBMITTED', 'IN_REVIEW') AND step_due_at < now() AND step_overdue_at IS NULL FOR UPDATE SKIP LOCKED), "
                + "late AS (UPDATE application a SET step_overdue_at = now() FROM due WHERE a.tenant_id = due.tenant_id "
                + "AND a.id = due.id RETURNING a.id, a.step_index) "
                + "INSERT INTO application_event (id, application_id, kind, actor, visible_to_citizen, body, detail) "
                + "SELECT gen_random_uuid(), id, 'OVERDUE', 'system', false, '手順の対応期限を過ぎました。', "
                + "jsonb_build_object('step', step_index) FROM late").executeUpdate();
    }
}
