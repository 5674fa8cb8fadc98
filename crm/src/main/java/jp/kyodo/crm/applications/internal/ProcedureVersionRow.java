package jp.kyodo.crm.applications.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One saved text of a procedure (append-only). */
@Entity
@Table(name = "procedure_version")
public class ProcedureVersionRow {
    @Id
    public UUID id;
    @Column(name = "tenant_id", insertable = false, updatable = false)
    public UUID tenantId;
    @Column(name = "entry_id")
    public UUID entryId;
    public int version;
    public String yaml;
    @Column(name = "template_hash")
    public String templateHash;
    public String author;
    public String comment;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
}
