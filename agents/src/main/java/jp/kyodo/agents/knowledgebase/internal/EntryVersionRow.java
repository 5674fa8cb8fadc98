package jp.kyodo.agents.knowledgebase.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;
import jp.kyodo.tenant.audit.internal.JsonbText;

/** One version of an entry (append-only): the entry as it was after a change, who made it and when. */
@Entity
@Table(name = "knowledge_entry_version")
public class EntryVersionRow {
    @Id
    public UUID id;
    @Column(name = "tenant_id", insertable = false, updatable = false)
    public UUID tenantId;
    @Column(name = "entry_id")
    public String entryId;
    public int version;
    public String action;
    public String status;
    @Column(columnDefinition = "jsonb")
    @Convert(converter = JsonbText.class)
    public String content;
    @Column(name = "changed_by")
    public String changedBy;
    @Column(name = "changed_at")
    public OffsetDateTime changedAt;
}
