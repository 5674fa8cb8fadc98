package jp.kyodo.crm.notifications;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import jp.kyodo.crm.notifications.internal.InboxMessageRow;
import jp.kyodo.tenant.RequestIdentity;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.problem.ProblemException;

/** The signed-in citizen's portal inbox in the current city. */
@ApplicationScoped
@Transactional
public class Inbox {

    @PersistenceContext(unitName = "kyodo")
    EntityManager em;
    @Inject
    TenantContext tenant;
    @Inject
    RequestIdentity identity;

    /** The caller's messages, newest first. */
    public List<InboxMessage> mine(int limit) {
        tenant.city();
        return em.createQuery("select m from InboxMessageRow m where m.citizenSubject = :s order by m.createdAt desc, m.id",
                        InboxMessageRow.class).setParameter("s", me())
                .setMaxResults(Math.max(1, Math.min(limit, 200))).getResultStream().map(InboxMessageRow::toMessage).toList();
    }

    /** How many of the caller's messages are unread. */
    public long unreadCount() {
        tenant.city();
        return em.createQuery("select count(m) from InboxMessageRow m where m.citizenSubject = :s and m.readAt is null",
                Long.class).setParameter("s", me()).getSingleResult();
    }

    /** One of the caller's messages (404 for anyone else's). */
    public InboxMessage get(UUID id) {
        return row(id).toMessage();
    }

    /** Marks one of the caller's messages read (404 for anyone else's); idempotent. */
    public InboxMessage markRead(UUID id) {
        InboxMessageRow row = row(id);
        if (row.readAt == null) {
            row.readAt = OffsetDateTime.now();
        }
        return row.toMessage();
    }

    private InboxMessageRow row(UUID id) {
        tenant.city();
        InboxMessageRow row = id == null ? null : em.find(InboxMessageRow.class, id);
        if (row == null || !me().equals(row.citizenSubject)) {
            throw ProblemException.notFound("message");
        }
        return row;
    }

    /**
     * The caller's immutable subject id: messages belong to it, never to the user name (a closed account's name may
     * be taken by a new person, who must not read the first one's messages).
     */
    private String me() {
        String s = identity.subject();
        if (s == null || s.isBlank()) {
            throw ProblemException.forbidden("sign-in-required", "サインインしてください", "sign in first");
        }
        return s;
    }
}
