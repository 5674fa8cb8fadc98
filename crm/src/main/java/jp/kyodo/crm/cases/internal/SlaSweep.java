package jp.kyodo.crm.cases.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import jp.kyodo.crm.cases.Priority;
import jp.kyodo.crm.cases.SlaRules;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.reception.ReceptionNumbers;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Escalation as the response target nears, for the current city; run by {@link SlaEscalationJob} every few seconds
 * and before each queue overview, case list and dashboard. Each transaction claims at most
 * {@code kyodo.sla.sweep-batch} cases per stage ({@code ORDER BY id LIMIT n FOR UPDATE SKIP LOCKED}): several
 * servers sweeping one city at the same time take different cases, and each case is marked once per stage (a case
 * whose mark another sweep committed meanwhile no longer matches the claim). Two stages:
 * <ol>
 *   <li><b>breached</b>: open, no response, past the due time → priority URGENT and one SLA entry on the timeline
 *       ({@code sla_escalated_at});</li>
 *   <li><b>near</b>: open, no response, the warning time ({@code sla_warn_at}) has come but not the due time → one SLA
 *       entry 「対応期限が近づいています」, and a case that waits unassigned in an operators' (tier 2) queue is raised one
 *       priority step ({@code sla_warned_at}).</li>
 * </ol>
 * Timeline entries are written by the actor {@code system}.
 */
@ApplicationScoped
public class SlaSweep {

    /**
     * What one sweep of one city did; {@code more} when a stage took a full batch, so more cases may be waiting for it.
     */
    public record Result(int warned, int raised, int breached, boolean more) {
        public boolean any() {
            return warned + breached > 0;
        }

        /** This sweep's counts and the next one's, with the next one's {@code more}. */
        public Result then(Result next) {
            return new Result(warned + next.warned, raised + next.raised, breached + next.breached, next.more);
        }
    }

    public static final String ACTOR = "system";
    static final String OPEN = "status IN ('NEW', 'ASSIGNED', 'ESCALATED') AND first_response_at IS NULL";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("M月d日 H:mm");

    @PersistenceContext(unitName = "kyodo")
    EntityManager em;
    @Inject
    TenantContext tenant;
    /**
     * At most this many cases per stage in one transaction ({@code kyodo.sla.sweep-batch}, default 200): a backlog is
     * worked off in several short transactions, and with several servers their sweeps share it batch by batch.
     */
    @Inject
    @ConfigProperty(name = "kyodo.sla.sweep-batch", defaultValue = "200")
    int batch;

    /**
     * One batch of the current city in a transaction of its own (the background job, which calls it again while
     * {@link Result#more()}).
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Result sweepAlone() {
        tenant.city();
        return run();
    }

    /** A sweep of all that is due inside the caller's transaction (before a read of the queues), batch by batch. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Result sweep() {
        tenant.city();
        Result r = run();
        while (r.more()) {
            r = r.then(run());
        }
        return r;
    }

    private int batch() {
        return Math.max(1, batch);
    }

    private Result run() {
        int limit = batch();
        // claimed with FOR UPDATE SKIP LOCKED, a batch at a time: a case another server's sweep holds is left to it
        // (not waited for), so two servers' sweeps take different cases of one backlog at the same time; the mark and
        // its event commit together, so a server killed mid-sweep leaves nothing half done
        int breached = em.createNativeQuery("WITH due AS (SELECT tenant_id, id FROM inquiry_case WHERE " + OPEN
                + " AND sla_due_at < now() AND sla_escalated_at IS NULL ORDER BY id LIMIT " + limit
                + " FOR UPDATE SKIP LOCKED), "
                + "breached AS (UPDATE inquiry_case k SET sla_escalated_at = now(), priority = 'URGENT' FROM due "
                + "WHERE k.tenant_id = due.tenant_id AND k.id = due.id RETURNING k.id) "
                + "INSERT INTO case_event (id, case_id, kind, actor, visible_to_citizen, body, detail) "
                + "SELECT gen_random_uuid(), id, 'SLA', '" + ACTOR + "', false, "
                + "'対応期限を過ぎました。優先度を「緊急」に引き上げました。', CAST('{\"stage\":\"breached\"}' AS jsonb) FROM breached")
                .executeUpdate();
        @SuppressWarnings("unchecked")
        List<Object> near = em.createNativeQuery("SELECT id FROM inquiry_case WHERE " + OPEN
                + " AND sla_warned_at IS NULL AND sla_escalated_at IS NULL AND sla_due_at >= now() AND "
                + SlaRules.WARN_AT_SQL + " <= now() ORDER BY id LIMIT " + limit + " FOR UPDATE SKIP LOCKED").getResultList();
        int warned = 0;
        int raised = 0;
        for (Object id : near) {
            UUID caseId = id instanceof UUID u ? u : UUID.fromString(id.toString());
            switch (warn(caseId)) {
                case 2 -> { warned++; raised++; }
                case 1 -> warned++;
                default -> { }
            }
        }
        return new Result(warned, raised, breached, breached >= limit || near.size() >= limit);
    }

    /**
     * Warns about one case: 0 when another sweep (or a response) got there first, 1 warned, 2 warned and raised. The
     * claim is the conditional UPDATE; it returns the row as it was (priority untouched), and the row stays locked
     * until this transaction ends, so the raise that follows cannot race anyone.
     */
    private int warn(UUID caseId) {
        @SuppressWarnings("unchecked")
        List<Object[]> claimed = em.createNativeQuery("WITH claimed AS (UPDATE inquiry_case SET sla_warned_at = now() "
                        + "WHERE id = ?1 AND sla_warned_at IS NULL AND sla_escalated_at IS NULL AND " + OPEN
                        + " RETURNING id, priority, assignee, queue_id, sla_due_at) "
                        + "SELECT k.priority, (k.assignee IS NULL AND q.tier = 2), k.sla_due_at FROM claimed k "
                        + "LEFT JOIN case_queue q ON q.id = k.queue_id")
                .setParameter(1, caseId).getResultList();
        if (claimed.isEmpty()) {
            return 0;
        }
        Object[] row = claimed.get(0);
        Priority before = Priority.valueOf((String) row[0]);
        boolean waitingForOperators = Boolean.TRUE.equals(row[1]);
        Priority after = waitingForOperators ? raise(before) : before;
        if (after != before) {
            em.createNativeQuery("UPDATE inquiry_case SET priority = ?2 WHERE id = ?1").setParameter(1, caseId)
                    .setParameter(2, after.name()).executeUpdate();
        }
        String due = row[2] == null ? "" : "（期限 " + TIME.format(toOffset(row[2]).atZoneSameInstant(ReceptionNumbers.JAPAN)) + "）";
        String body = "対応期限が近づいています" + due + "。"
                + (after != before ? "未担当のため優先度を「" + before.label() + "」から「" + after.label() + "」に引き上げました。" : "");
        String detail = Json.createObjectBuilder().add("stage", "near").add("from", before.name()).add("to", after.name())
                .build().toString();
        em.createNativeQuery("INSERT INTO case_event (id, case_id, kind, actor, visible_to_citizen, body, detail) "
                        + "VALUES (?1, ?2, 'SLA', '" + ACTOR + "', false, ?3, CAST(?4 AS jsonb))")
                .setParameter(1, UUID.randomUUID()).setParameter(2, caseId).setParameter(3, body).setParameter(4, detail)
                .executeUpdate();
        return after != before ? 2 : 1;
    }

    /** One priority step up (URGENT stays URGENT). */
    static Priority raise(Priority p) {
        return p.ordinal() + 1 < Priority.values().length ? Priority.values()[p.ordinal() + 1] : p;
    }

    private static OffsetDateTime toOffset(Object o) {
        if (o instanceof OffsetDateTime t) {
            return t;
        }
        if (o instanceof java.sql.Timestamp t) {
            return t.toInstant().atOffset(java.time.ZoneOffset.UTC);
        }
        if (o instanceof java.time.Instant i) {
            return i.atOffset(java.time.ZoneOffset.UTC);
        }
        return OffsetDateTime.parse(o.toString());
    }
}
