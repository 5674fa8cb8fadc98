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
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Response targets per workflow step, swept by the contact centre's response-target job: an application waiting on
 * the city (received or under review, not while the citizen is asked for more) past its step's target gets one
 * {@code OVERDUE} entry, exactly once even with several servers. Like the cases' sweep, each transaction claims at most
 * {@code kyodo.sla.sweep-batch} applications ({@code ORDER BY id LIMIT n FOR UPDATE SKIP LOCKED}) and the sweep
 * repeats while a batch comes back full: a backlog is worked off in short transactions, and several servers sweeping
 * one city at once take different applications (one whose mark another sweep committed meanwhile no longer matches).
 */
@ApplicationScoped
public class StepTargets {

    private static final Logger LOG = Logger.getLogger(StepTargets.class.getName());

    @PersistenceContext(unitName = "kyodo")
    EntityManager em;
    @Inject
    TenantContext tenant;
    /** At most this many applications in one transaction ({@code kyodo.sla.sweep-batch}, default 200, as the cases'). */
    @Inject
    @ConfigProperty(name = "kyodo.sla.sweep-batch", defaultValue = "200")
    int batch;
    /** This bean through its proxy, so that each batch gets a transaction of its own. */
    @Inject
    StepTargets self;

    /** After the cases' sweep of the bound city: batch after batch until one comes back short. */
    void onTick(@Observes ResponseTargetTick tick) {
        int limit = Math.max(1, batch);
        int n = 0;
        int marked;
        do {
            marked = self.sweepBatch(limit);
            n += marked;
        } while (marked >= limit);
        if (n > 0) {
            LOG.info("application steps past their target in " + tenant.city().code() + ": " + n);
        }
    }

    /** Marks at most {@code limit} overdue steps of the bound city in a transaction of its own; the number marked. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int sweepBatch(int limit) {
        tenant.city();
        // FOR UPDATE SKIP LOCKED, a batch at a time: an application another server's sweep holds is left to it (not
        // waited for), so two servers take different batches of one backlog; mark and event commit together
        return em.createNativeQuery("WITH due AS (SELECT tenant_id, id FROM application WHERE status IN "
                + "('SUBMITTED', 'IN_REVIEW') AND step_due_at < now() AND step_overdue_at IS NULL ORDER BY id LIMIT "
                + limit + " FOR UPDATE SKIP LOCKED), "
                + "late AS (UPDATE application a SET step_overdue_at = now() FROM due WHERE a.tenant_id = due.tenant_id "
                + "AND a.id = due.id RETURNING a.id, a.step_index) "
                + "INSERT INTO application_event (id, application_id, kind, actor, visible_to_citizen, body, detail) "
                + "SELECT gen_random_uuid(), id, 'OVERDUE', 'system', false, '手順の対応期限を過ぎました。', "
                + "jsonb_build_object('step', step_index) FROM late").executeUpdate();
    }
}
