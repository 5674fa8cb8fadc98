package jp.kyodo.crm.cases.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A file attached to one timeline entry, bytes included; append-only for the application role. Lists read the
 * metadata columns only (a JPQL projection), never the bytes.
 */
@Entity
@Table(name = "case_attachment")
public class AttachmentRow {
    @Id
    public UUID id;
    @Column(name = "tenant_id", insertable = false, updatable = false)
    public UUID tenantId;
    @Column(name = "case_id")
    public UUID caseId;
    @Column(name = "event_id")
    public UUID eventId;
    @Column(name = "file_name")
    public String fileName;
    @Column(name = "content_type")
    public String contentType;
    @Column(name = "size_bytes")
    public int sizeBytes;
    public String sha256;
    public byte[] content;
    @Column(name = "uploader_kind")
    public String uploaderKind;
    @Column(name = "uploaded_by")
    public String uploadedBy;
    @Column(name = "uploaded_at")
    public OffsetDateTime uploadedAt;
}
