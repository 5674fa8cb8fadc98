package jp.kyodo.crm.applications.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One procedure of a city (adopted template or the city's own); {@code tenant_id} comes from the bound city. */
@Entity
@Table(name = "procedure_entry")
public class ProcedureEntryRow {
    @Id
    public UUID id;
    @Column(name = "tenant_id", insertable = false, updatable = false)
    public UUID tenantId;
    @Column(name = "procedure_id")
    public String procedureId;
    /** TEMPLATE or OWN. */
    public String origin;
    @Column(name = "template_id")
    public String templateId;
    public boolean hidden;
    @Column(name = "latest_version")
    public int latestVersion;
    @Column(name = "published_version")
    public Integer publishedVersion;
    @Column(name = "published_at")
    public OffsetDateTime publishedAt;
    @Column(name = "changed_at")
    public OffsetDateTime changedAt;
}
