package jp.kyodo.tenant.audit.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;
import jp.kyodo.tenant.audit.AuditEntry;

/** Storage of one audit line. {@code tenant_id} is filled by the database from the bound city. */
@Entity
@Table(name = "audit_event")
public class AuditEventRow {
    @Id
    public UUID id;
    @Column(name = "tenant_id", insertable = false, updatable = false)
    public UUID tenantId;
    @Column(insertable = false, updatable = false)
    public OffsetDateTime at;
    public String actor;
    @Column(name = "actor_role")
    public String actorRole;
    public String action;
    @Column(name = "entity_type")
    public String entityType;
    @Column(name = "entity_id")
    public String entityId;
    @Column(columnDefinition = "jsonb")
    @jakarta.persistence.Convert(converter = JsonbText.class)
    public String detail;

    public AuditEntry toEntry() {
        return new AuditEntry(id, at, actor, actorRole, action, entityType, entityId, detail);
    }
}
