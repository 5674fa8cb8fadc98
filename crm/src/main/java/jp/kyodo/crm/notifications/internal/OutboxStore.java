package jp.kyodo.crm.notifications.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** The outbox of the city bound to the current transaction; each method is its own transaction. */
@ApplicationScoped
@Transactional(Transactional.TxType.REQUIRES_NEW)
public class OutboxStore {

    /** After this many failed attempts an e-mail is given up (the inbox still has the message). */
    public static final int MAX_ATTEMPTS = 10;

    @PersistenceContext(unitName = "kyodo")
    EntityManager em;

    /** A message to send. */
    public record Pending(UUID id, String recipient, String subject, String body, int attempts) {
    }

    public List<Pending> due(int max) {
        return em.createQuery("select o from MailOutboxRow o where o.sentAt is null and o.attempts < :m"
                        + " and o.nextAttemptAt <= :now order by o.nextAttemptAt", MailOutboxRow.class)
                .setParameter("m", MAX_ATTEMPTS).setParameter("now", OffsetDateTime.now()).setMaxResults(max)
                .getResultStream().map(o -> new Pending(o.id, o.recipient, o.subject, o.body, o.attempts)).toList();
    }

    public void sent(UUID id) {
        MailOutboxRow o = em.find(MailOutboxRow.class, id);
        if (o != null) {
            o.sentAt = OffsetDateTime.now();
            o.attempts++;
            o.lastError = null;
        }
    }

    /** Records a failure and schedules the next attempt: 30 s, 1 min, 2 min … at most 6 hours later. */
    public void failed(UUID id, String error) {
        MailOutboxRow o = em.find(MailOutboxRow.class, id);
        if (o != null) {
            o.attempts++;
            o.lastError = error == null ? "unknown" : error.length() > 500 ? error.substring(0, 500) : error;
            o.nextAttemptAt = OffsetDateTime.now().plus(backoff(o.attempts));
        }
    }

    static Duration backoff(int attempts) {
        long seconds = 30L << Math.min(Math.max(attempts - 1, 0), 10);
        return Duration.ofSeconds(Math.min(seconds, Duration.ofHours(6).toSeconds()));
    }
}
