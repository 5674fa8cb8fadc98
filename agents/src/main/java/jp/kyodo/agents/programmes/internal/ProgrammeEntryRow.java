package jp.kyodo.agents.programmes.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** Storage of one programme of a city's registry; {@code tenant_id} comes from the database's bound city. */
@Entity
@Table(name = "programme_entry")
public class ProgrammeEntryRow {
    @Id
    public UUID id;
    @Column(name = "tenant_id", insertable = false, updatable = false)
    public UUID tenantId;
    @Column(name = "programme_id")
    public String programmeId;
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
