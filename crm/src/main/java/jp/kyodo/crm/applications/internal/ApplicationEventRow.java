package jp.kyodo.crm.applications.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;
import jp.kyodo.tenant.audit.internal.JsonbText;

/** One entry of an application's timeline (append-only). */
@Entity
@Table(name = "application_event")
public class ApplicationEventRow {
    @Id
    public UUID id;
    @Column(name = "tenant_id", insertable = false, updatable = false)
    public UUID tenantId;
    @Column(name = "application_id")
    public UUID applicationId;
    public String kind;
    public String actor;
    @Column(name = "visible_to_citizen")
    public boolean visibleToCitizen;
    public String body;
    @Column(columnDefinition = "jsonb")
    @Convert(converter = JsonbText.class)
    public String detail;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
}
