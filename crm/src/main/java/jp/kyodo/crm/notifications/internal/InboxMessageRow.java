package jp.kyodo.crm.notifications.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;
import jp.kyodo.crm.notifications.InboxMessage;

/** Storage of an inbox message; {@code tenant_id} comes from the database's bound city. */
@Entity
@Table(name = "inbox_message")
public class InboxMessageRow {
    @Id
    public UUID id;
    @Column(name = "tenant_id", insertable = false, updatable = false)
    public UUID tenantId;
    /** The recipient's immutable Keycloak subject id: whose inbox this is. */
    @Column(name = "citizen_subject")
    public String citizenSubject;
    /** The recipient's user name when the message was written (text only). */
    public String username;
    public String subject;
    public String body;
    public String link;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    @Column(name = "read_at")
    public OffsetDateTime readAt;

    public InboxMessage toMessage() {
        return new InboxMessage(id, subject, body, link, createdAt, readAt);
    }
}
