package jp.kyodo.agents.knowledgebase.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;
import jp.kyodo.tenant.audit.internal.JsonbText;

/** One synonym group of the bound city (terms as a JSON array). */
@Entity
@Table(name = "knowledge_synonym")
public class SynonymRow {
    @Id
    public UUID id;
    @Column(name = "tenant_id", insertable = false, updatable = false)
    public UUID tenantId;
    @Column(columnDefinition = "jsonb")
    @Convert(converter = JsonbText.class)
    public String terms;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
    @Column(name = "updated_by")
    public String updatedBy;
}
