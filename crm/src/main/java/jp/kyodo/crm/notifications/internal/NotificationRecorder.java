package jp.kyodo.crm.notifications.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import jp.kyodo.crm.CitizenNotification;
import jp.kyodo.crm.ContactMail;
import jp.kyodo.crm.citizens.CitizenRecords;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.pages.Languages;

/**
 * Turns a {@link CitizenNotification} into an inbox message, in the transaction that fired it (so a change that rolls
 * back leaves no message), plus an outbox entry when the citizen chose e-mail. After the commit it asks the sender to
 * deliver at once; the periodic sweep retries whatever could not be sent.
 */
@ApplicationScoped
public class NotificationRecorder {

    private static final Logger LOG = Logger.getLogger(NotificationRecorder.class.getName());

    @PersistenceContext(unitName = "kyodo")
    EntityManager em;
    @Inject
    TenantContext tenant;
    @Inject
    CitizenRecords records;
    @Inject
    MailSender sender;

    /** Runs in the firing transaction (synchronous observer); without one, persist fails and so does the change. */
    void record(@Observes CitizenNotification n) {
        tenant.city();
        InboxMessageRow row = new InboxMessageRow();
        row.id = UUID.randomUUID();
        row.citizenSubject = n.citizenSubject();
        row.username = n.username();
        // the inbox keeps the Japanese, the city's language of record; the e-mail is in the citizen's language
        String subject = n.subjectIn(Languages.JAPANESE);
        row.subject = subject.length() > 200 ? subject.substring(0, 200) : subject;
        row.body = n.bodyIn(Languages.JAPANESE);
        row.link = n.link();
        row.createdAt = OffsetDateTime.now();
        em.persist(row);
        records.notificationRecipient(n.citizenSubject()).ifPresent(to -> {
            MailOutboxRow mail = new MailOutboxRow();
            mail.id = UUID.randomUUID();
            mail.messageId = row.id;
            mail.recipient = to.address();
            mail.subject = NotificationMail.subject(tenant.city(), n, to.language());
            mail.body = NotificationMail.body(tenant.city(), n, to.language());
            mail.attempts = 0;
            mail.createdAt = row.createdAt;
            mail.nextAttemptAt = row.createdAt;
            em.persist(mail);
        });
        em.flush();
    }

    /**
     * An e-mail to a contact without an account: the outbox only (there is no inbox), in the firing transaction, in
     * the language the contact used.
     */
    void record(@Observes ContactMail m) {
        tenant.city();
        OffsetDateTime now = OffsetDateTime.now();
        MailOutboxRow mail = new MailOutboxRow();
        mail.id = UUID.randomUUID();
        mail.recipient = m.address();
        mail.subject = NotificationMail.subject(tenant.city(), m);
        mail.body = NotificationMail.body(tenant.city(), m);
        mail.attempts = 0;
        mail.createdAt = now;
        mail.nextAttemptAt = now;
        em.persist(mail);
        em.flush();
    }

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) ContactMail m) {
        try {
            tenant.current().ifPresent(sender::deliverSoon);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not schedule the e-mail delivery (the sweep will retry): " + e, e);
        }
    }

    /** After the commit: try the city's outbox now, on another thread, so the citizen's request never waits on SMTP. */
    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) CitizenNotification n) {
        try {
            tenant.current().ifPresent(sender::deliverSoon);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not schedule the e-mail delivery (the sweep will retry): " + e, e);
        }
    }
}
