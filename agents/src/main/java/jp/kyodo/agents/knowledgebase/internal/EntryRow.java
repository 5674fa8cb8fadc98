package jp.kyodo.agents.knowledgebase.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;
import jp.kyodo.tenant.audit.internal.JsonbText;

/** Storage of one FAQ entry or document of the bound city; {@code tenant_id} comes from the database's binding. */
@Entity
@Table(name = "knowledge_entry")
public class EntryRow {
    @Id
    public String id;
    @Column(name = "tenant_id", insertable = false, updatable = false)
    public UUID tenantId;
    public String kind;
    public String title;
    public String category;
    public String status;
    @Column(columnDefinition = "jsonb")
    @Convert(converter = JsonbText.class)
    public String content;
    @Column(columnDefinition = "jsonb")
    @Convert(converter = JsonbText.class)
    public String published;
    public int version;
    @Column(name = "template_id")
    public String templateId;
    @Column(name = "template_base", columnDefinition = "jsonb")
    @Convert(converter = JsonbText.class)
    public String templateBase;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
    @Column(name = "updated_by")
    public String updatedBy;
}
