package jp.kyodo.integration.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jp.kyodo.integration.deadletters.DeadLetter;

/** Storage of the bound city's dead letters ({@code integration_dead_letter}). */
@ApplicationScoped
public class DeadLetterStore {

    @PersistenceContext(unitName = "kyodo")
    EntityManager em;

    @Transactional(Transactional.TxType.REQUIRED)
    public UUID record(String partner, String route, DeadLetter.Direction direction, String messageId, String reason,
                       String body, UUID outboxId) {
        UUID id = UUID.randomUUID();
        em.createNativeQuery("INSERT INTO integration_dead_letter (id, partner, route, direction, message_id, reason, body, "
                        + "outbox_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, CAST(?8 AS uuid))")
                .setParameter(1, id).setParameter(2, partner).setParameter(3, route).setParameter(4, direction.name())
                .setParameter(5, messageId).setParameter(6, reason).setParameter(7, body == null ? "" : body)
                .setParameter(8, outboxId == null ? null : outboxId.toString()).executeUpdate();
        return id;
    }

    @Transactional(Transactional.TxType.REQUIRED)
    public List<DeadLetter> list(boolean openOnly, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(SELECT + (openOnly ? " WHERE status = 'OPEN'" : "")
                + " ORDER BY created_at DESC LIMIT ?1").setParameter(1, Math.max(1, Math.min(limit, 500))).getResultList();
        return rows.stream().map(DeadLetterStore::toLetter).toList();
    }

    /**
     * Which of these message ids of the partner are parked as dead letters (open or discarded): the pollers leave them
     * alone. One statement for a whole listing.
     */
    @Transactional(Transactional.TxType.REQUIRED)
    public java.util.Set<String> parked(String partner, java.util.Collection<String> messageIds) {
        return ReceivedMessages.matching(em, "SELECT message_id FROM integration_dead_letter WHERE partner = ?1 "
                + "AND status IN ('OPEN', 'DISCARDED') AND message_id IN (SELECT jsonb_array_elements_text(CAST(?2 AS jsonb)))",
                partner, messageIds);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<DeadLetter> lockOpen(UUID id) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(SELECT + " WHERE id = ?1 AND status = 'OPEN' FOR UPDATE")
                .setParameter(1, id).getResultList();
        return rows.stream().findFirst().map(DeadLetterStore::toLetter);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void resolve(UUID id, DeadLetter.Status status, String by) {
        em.createNativeQuery("UPDATE integration_dead_letter SET status = ?2, resolved_at = now(), resolved_by = ?3 WHERE id = ?1")
                .setParameter(1, id).setParameter(2, status.name()).setParameter(3, by).executeUpdate();
    }

    private static final String SELECT = "SELECT id, partner, route, direction, message_id, reason, body, outbox_id, status, "
            + "created_at, resolved_at, resolved_by FROM integration_dead_letter";

    private static DeadLetter toLetter(Object[] r) {
        return new DeadLetter(OutboxStore.uuid(r[0]), (String) r[1], (String) r[2], DeadLetter.Direction.valueOf((String) r[3]),
                (String) r[4], (String) r[5], (String) r[6], r[7] == null ? null : OutboxStore.uuid(r[7]),
                DeadLetter.Status.valueOf((String) r[8]), time(r[9]), time(r[10]), (String) r[11]);
    }

    public static OffsetDateTime time(Object o) {
        if (o == null) {
            return null;
        }
        if (o instanceof OffsetDateTime t) {
            return t;
        }
        if (o instanceof java.sql.Timestamp ts) {
            return ts.toInstant().atOffset(java.time.ZoneOffset.UTC);
        }
        if (o instanceof java.time.Instant i) {
            return i.atOffset(java.time.ZoneOffset.UTC);
        }
        return OffsetDateTime.parse(o.toString());
    }
}
