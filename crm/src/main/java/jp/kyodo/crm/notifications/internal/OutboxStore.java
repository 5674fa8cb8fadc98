package jp.kyodo.crm.notifications.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** The outbox of the city bound to the current transaction; each method is its own transaction. */
@ApplicationScoped
@Transactional(Transactional.TxType.REQUIRES_NEW)
public class OutboxStore {

    /** After this many failed attempts an e-mail is given up (the inbox still has the message; view {@code mail_outbox_given_up}). */
    public static final int MAX_ATTEMPTS = 10;

    @PersistenceContext(unitName = "kyodo")
    EntityManager em;

    /** A message to send. */
    public record Pending(UUID id, String recipient, String subject, String body, int attempts) {
    }

    // Scalar queries and bulk updates only: a row's message_id is null for e-mails to contacts without an account,
    // and EclipseLink 4.0.9's UUIDConverter fails on a null uuid when it builds the entity.

    /**
     * Claims up to {@code max} due messages of the bound city for {@code leaseSeconds} ({@link MailClaim}): committed
     * when this returns, so no other server (or thread) gets them until they are marked or the lease runs out.
     */
    public List<Pending> claim(int leaseSeconds, int max) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(MailClaim.sql(leaseSeconds, max)).getResultList();
        return rows.stream().map(r -> new Pending(r[0] instanceof UUID u ? u : UUID.fromString(r[0].toString()),
                (String) r[1], (String) r[2], (String) r[3], ((Number) r[4]).intValue())).toList();
    }

    /** Marks a batch sent (one statement, one commit). */
    public void sent(List<UUID> ids) {
        mark(ids);
    }

    /** Marks a batch sent and claims the next ({@link #claim}) in one transaction. */
    public List<Pending> sentAndClaim(List<UUID> ids, int leaseSeconds, int max) {
        mark(ids);
        return claim(leaseSeconds, max);
    }

    private void mark(List<UUID> ids) {
        if (ids.isEmpty()) {
            return;
        }
        em.createQuery("update MailOutboxRow o set o.sentAt = :now, o.attempts = o.attempts + 1, o.lastError = null "
                + "where o.id in :ids").setParameter("now", OffsetDateTime.now()).setParameter("ids", ids).executeUpdate();
    }

    /**
     * Records a failure and schedules the next attempt: 30 s, 1 min, 2 min … at most 6 hours later; the
     * {@link #MAX_ATTEMPTS}-th failure gives the e-mail up ({@link MailClaim#failedSql}).
     */
    public void failed(UUID id, String error) {
        em.createNativeQuery(MailClaim.failedSql(MAX_ATTEMPTS))
                .setParameter(1, error == null ? "unknown" : error.length() > 500 ? error.substring(0, 500) : error)
                .setParameter(2, id).executeUpdate();
    }
}
