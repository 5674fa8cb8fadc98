package jp.kyodo.crm.notifications.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** An e-mail waiting to be sent (or sent); {@code tenant_id} comes from the database's bound city. */
@Entity
@Table(name = "mail_outbox")
public class MailOutboxRow {
    @Id
    public UUID id;
    @Column(name = "tenant_id", insertable = false, updatable = false)
    public UUID tenantId;
    @Column(name = "message_id")
    public UUID messageId;
    public String recipient;
    public String subject;
    public String body;
    public int attempts;
    @Column(name = "next_attempt_at")
    public OffsetDateTime nextAttemptAt;
    @Column(name = "sent_at")
    public OffsetDateTime sentAt;
    @Column(name = "last_error")
    public String lastError;
    /** When it was given up after too many failed attempts (null: still to be sent, or sent). */
    @Column(name = "given_up_at")
    public OffsetDateTime givenUpAt;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
}
