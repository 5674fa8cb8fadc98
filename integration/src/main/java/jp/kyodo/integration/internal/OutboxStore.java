package jp.kyodo.integration.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.UUID;
import jp.kyodo.tenant.TenantContext;

/**
 * The dispatcher's side of the platform outbox (tenant-core's {@code outbox_message}). Every method works on the
 * bound city, in a transaction of its own. A claim ({@link OutboxClaim}) takes, with {@code FOR UPDATE SKIP LOCKED}, due
 * rows that are the oldest unsent row of their (topic, key) — so one key's messages leave in order — and leases them to
 * this server.
 */
@ApplicationScoped
public class OutboxStore {

    /** A claimed row. */
    public record Claimed(UUID id, long seq, String topic, String key, String payload, int attempts) {
    }

    @PersistenceContext(unitName = "kyodo")
    EntityManager em;
    @Inject
    TenantContext tenant;

    /** The cities with due rows (ids only; one call across cities, see kyodo_outbox_due_cities). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<UUID> dueCities() {
        @SuppressWarnings("unchecked")
        List<Object> ids = em.createNativeQuery("SELECT kyodo_outbox_due_cities()").getResultList();
        return ids.stream().map(o -> o instanceof UUID u ? u : UUID.fromString(o.toString())).toList();
    }

    /** The cities whose connector to the partner is on (ids only; kyodo_integration_enabled_cities). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<UUID> citiesWithConnector(String partner) {
        @SuppressWarnings("unchecked")
        List<Object> ids = em.createNativeQuery("SELECT kyodo_integration_enabled_cities(?1)").setParameter(1, partner)
                .getResultList();
        return ids.stream().map(OutboxStore::uuid).toList();
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<Claimed> claim(String owner, int leaseSeconds, int batch) {
        tenant.city();
        return claimRows(owner, leaseSeconds, batch);
    }

    /**
     * Marks a delivered batch SENT and claims the next one, in one transaction (one commit instead of two): the claim
     * sees the marks, so a key whose head was just sent offers its next row. Either both commit or neither: then the
     * delivered rows stay leased and are sent again after the lease, with the same Idempotency-Key, as after a crash.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<Claimed> sentThenClaim(List<UUID> sent, String owner, int leaseSeconds, int batch) {
        tenant.city();
        markSent(sent);
        return claimRows(owner, leaseSeconds, batch);
    }

    private List<Claimed> claimRows(String owner, int leaseSeconds, int batch) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(OutboxClaim.sql(leaseSeconds, batch))
                .setParameter(1, owner).getResultList();
        return rows.stream().map(r -> new Claimed(uuid(r[0]), ((Number) r[1]).longValue(), (String) r[2], (String) r[3],
                (String) r[4], ((Number) r[5]).intValue())).sorted(java.util.Comparator.comparingLong(Claimed::seq)).toList();
    }

    /** Marks the rows SENT in one statement (the rows of one claimed batch the route delivered or consumed). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void sent(List<UUID> ids) {
        markSent(ids);
    }

    private void markSent(List<UUID> ids) {
        if (ids.isEmpty()) {
            return;
        }
        em.createNativeQuery("UPDATE outbox_message SET status = 'SENT', sent_at = now(), lease_owner = NULL, "
                        + "lease_until = NULL, last_error = NULL WHERE id = ANY(CAST(?1 AS uuid[])) AND status = 'PENDING'")
                .setParameter(1, ids.stream().map(UUID::toString).collect(java.util.stream.Collectors.joining(",", "{", "}")))
                .executeUpdate();
    }

    /** Back to the queue after {@code delaySeconds} (the partner was unavailable). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void reschedule(UUID id, int delaySeconds, String reason) {
        em.createNativeQuery("UPDATE outbox_message SET next_attempt_at = now() + make_interval(secs => ?2), "
                        + "lease_owner = NULL, lease_until = NULL, last_error = ?3 WHERE id = ?1 AND status = 'PENDING'")
                .setParameter(1, id).setParameter(2, delaySeconds).setParameter(3, reason).executeUpdate();
    }

    /** Marks the row dead (in the caller's transaction, together with its dead letter). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void dead(UUID id, String reason) {
        em.createNativeQuery("UPDATE outbox_message SET status = 'DEAD', lease_owner = NULL, lease_until = NULL, "
                + "last_error = ?2 WHERE id = ?1").setParameter(1, id).setParameter(2, reason).executeUpdate();
    }

    /** Puts a dead row back in the queue (in the caller's transaction). */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean revive(UUID id) {
        return em.createNativeQuery("UPDATE outbox_message SET status = 'PENDING', attempts = 0, next_attempt_at = now(), "
                + "lease_owner = NULL, lease_until = NULL WHERE id = ?1 AND status = 'DEAD'").setParameter(1, id)
                .executeUpdate() == 1;
    }

    static UUID uuid(Object o) {
        return o instanceof UUID u ? u : UUID.fromString(o.toString());
    }
}
