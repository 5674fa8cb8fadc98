package jp.kyodo.crm.applications.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A file of an application, bytes included (append-only); lists read the metadata only. */
@Entity
@Table(name = "application_file")
public class ApplicationFileRow {
    @Id
    public UUID id;
    @Column(name = "tenant_id", insertable = false, updatable = false)
    public UUID tenantId;
    @Column(name = "application_id")
    public UUID applicationId;
    @Column(name = "requirement_id")
    public String requirementId;
    @Column(name = "file_name")
    public String fileName;
    @Column(name = "content_type")
    public String contentType;
    @Column(name = "size_bytes")
    public int sizeBytes;
    public String sha256;
    /** Loaded with the row (lazy basic attributes need weaving, which is off); lists select the metadata only. */
    public byte[] content;
    @Column(name = "uploader_kind")
    public String uploaderKind;
    @Column(name = "uploaded_by")
    public String uploadedBy;
    @Column(name = "uploaded_at")
    public OffsetDateTime uploadedAt;
}
