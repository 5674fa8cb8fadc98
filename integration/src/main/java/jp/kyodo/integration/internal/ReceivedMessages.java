package jp.kyodo.integration.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import org.apache.camel.spi.IdempotentRepository;

/**
 * The idempotent consumer's repository in PostgreSQL ({@code integration_received_message}, under row-level
 * security): keys are "partner|message id" within the bound city. {@link #add} inserts in the caller's transaction —
 * the one that also makes the message's effect — so the record and the effect commit or roll back together; a
 * concurrent second delivery waits on the unique index and then finds the key taken. Nothing is ever removed
 * (a rollback already removes an uncommitted add).
 */
@ApplicationScoped
public class ReceivedMessages {

    @PersistenceContext(unitName = "kyodo")
    EntityManager em;

    @Transactional(Transactional.TxType.MANDATORY)
    public boolean add(String partner, String messageId) {
        return em.createNativeQuery("INSERT INTO integration_received_message (partner, message_id) VALUES (?1, ?2) "
                + "ON CONFLICT (tenant_id, partner, message_id) DO NOTHING")
                .setParameter(1, partner).setParameter(2, messageId).executeUpdate() == 1;
    }

    /**
     * Records these message ids of the partner, in the given order, with one statement in the caller's transaction (a
     * poller's batch: a statement per id was one round trip and one flush each); answers those recorded now — an id
     * recorded before, or twice in the list, is left out. As with {@link #add}, a concurrent transaction recording the
     * same id makes this one wait on the unique index and then find it taken; callers that may overlap give their ids in
     * the same order (the poller sorts them), so they never wait on each other crosswise.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public java.util.Set<String> addAll(String partner, java.util.List<String> messageIds) {
        if (messageIds.isEmpty()) {
            return java.util.Set.of();
        }
        var ids = jakarta.json.Json.createArrayBuilder();
        new java.util.LinkedHashSet<>(messageIds).forEach(ids::add);
        @SuppressWarnings("unchecked")
        List<Object> rows = em.createNativeQuery("INSERT INTO integration_received_message (partner, message_id) "
                        + "SELECT ?1, t.id FROM jsonb_array_elements_text(CAST(?2 AS jsonb)) WITH ORDINALITY AS t(id, n) "
                        + "ORDER BY t.n ON CONFLICT (tenant_id, partner, message_id) DO NOTHING RETURNING message_id")
                .setParameter(1, partner).setParameter(2, ids.build().toString()).getResultList();
        return rows.stream().map(Object::toString).collect(java.util.stream.Collectors.toSet());
    }

    @Transactional(Transactional.TxType.REQUIRED)
    public boolean contains(String partner, String messageId) {
        return !em.createNativeQuery("SELECT 1 FROM integration_received_message WHERE partner = ?1 AND message_id = ?2")
                .setParameter(1, partner).setParameter(2, messageId).getResultList().isEmpty();
    }

    /**
     * Which of these message ids of the partner were received already: one statement for a whole listing (a poller
     * sees every number again on each poll until the partner drops it).
     */
    @Transactional(Transactional.TxType.REQUIRED)
    public java.util.Set<String> received(String partner, java.util.Collection<String> messageIds) {
        return matching(em, "SELECT message_id FROM integration_received_message WHERE partner = ?1 AND message_id IN "
                + "(SELECT jsonb_array_elements_text(CAST(?2 AS jsonb)))", partner, messageIds);
    }

    /** Runs {@code sql} (?1 the partner, ?2 the ids as a JSON array) and answers the ids it returns. */
    static java.util.Set<String> matching(EntityManager em, String sql, String partner,
                                          java.util.Collection<String> messageIds) {
        if (messageIds.isEmpty()) {
            return java.util.Set.of();
        }
        var ids = jakarta.json.Json.createArrayBuilder();
        messageIds.forEach(ids::add);
        @SuppressWarnings("unchecked")
        List<Object> rows = em.createNativeQuery(sql).setParameter(1, partner).setParameter(2, ids.build().toString())
                .getResultList();
        return rows.stream().map(Object::toString).collect(java.util.stream.Collectors.toSet());
    }

    /** Camel's view of it, for one partner. */
    public IdempotentRepository repository(String partner) {
        return new Repository(this, partner);
    }

    record Repository(ReceivedMessages store, String partner) implements IdempotentRepository {
        @Override
        public boolean add(String key) {
            return store.add(partner, key);
        }

        @Override
        public boolean contains(String key) {
            return store.contains(partner, key);
        }

        @Override
        public boolean remove(String key) {
            return false;
        }

        @Override
        public boolean confirm(String key) {
            return true;
        }

        @Override
        public void clear() {
            throw new UnsupportedOperationException("received messages are kept");
        }

        @Override
        public void start() {
        }

        @Override
        public void stop() {
        }
    }
}
