package jp.kyodo.agents.concierge.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;
import jp.kyodo.tenant.audit.internal.JsonbText;

/** One message of a conversation: the citizen's question or the concierge's reply (with its sources). */
@Entity
@Table(name = "concierge_message")
public class MessageRow {
    @Id
    public UUID id;
    @Column(name = "tenant_id", insertable = false, updatable = false)
    public UUID tenantId;
    @Column(name = "conversation_id")
    public UUID conversationId;
    public int seq;
    public String role;
    public String text;
    public String outcome;
    @Column(columnDefinition = "jsonb")
    @Convert(converter = JsonbText.class)
    public String sources;
    @Column(name = "reception_number")
    public String receptionNumber;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
}
