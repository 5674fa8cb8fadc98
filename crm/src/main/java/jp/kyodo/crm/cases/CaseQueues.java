package jp.kyodo.crm.cases;

import static jp.kyodo.crm.cases.internal.CaseTexts.blankToNull;
import static jp.kyodo.crm.cases.internal.CaseTexts.invalid;
import static jp.kyodo.crm.cases.internal.CaseTexts.uuid;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jp.kyodo.crm.cases.internal.CaseRecords;
import jp.kyodo.crm.cases.internal.CityDefaults;
import jp.kyodo.crm.cases.internal.QueueRow;
import jp.kyodo.crm.cases.internal.SlaSweep;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.audit.AuditLog;
import jp.kyodo.tenant.problem.Checks;
import jp.kyodo.tenant.problem.ProblemException;

/**
 * The city's case queues (operators = tier 2, departments = tier 3) with their counts: the overview (after the
 * response-target sweep), adding or changing a queue, and which one is the default.
 */
@ApplicationScoped
public class CaseQueues {

    @PersistenceContext(unitName = "kyodo")
    EntityManager em;
    @Inject
    TenantContext tenant;
    @Inject
    AuditLog audit;
    @Inject
    CityDefaults defaults;
    @Inject
    SlaSweep slaSweep;
    @Inject
    CaseRecords records;

    /** The city's queues with their counts (installs the default queues at first use). */
    @Transactional
    public List<QueueView> queues() {
        tenant.city();
        defaults.ensure();
        slaSweep.sweep();
        return records.queueViews();
    }

    /** Adds a queue, or changes an existing one with the same code; its cases stay where they are. */
    @Transactional
    public List<QueueView> saveQueue(QueueDraft d) {
        Checks.valid(d);
        tenant.city();
        defaults.ensure();
        QueueRow q = records.queuesById().values().stream().filter(x -> x.code.equals(d.code())).findFirst().orElse(null);
        if (q == null) {
            q = new QueueRow();
            q.id = UUID.randomUUID();
            q.code = d.code();
            q.position = records.queuesById().size();
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
        QueueRow q = uuid == null ? null : records.queuesById().get(uuid);
        if (q == null) {
            throw ProblemException.notFound("queue");
        }
        Checks.valid(d);
        QueueRow current = q;
        if (records.queuesById().values().stream().anyMatch(x -> x.code.equals(d.code()) && !x.id.equals(current.id))) {
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
        return records.queueViews();
    }
}
