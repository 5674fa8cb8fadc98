package jp.kyodo.portal.notices.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.OffsetDateTime;
import java.util.UUID;
import jp.kyodo.portal.notices.Notice;

/** Storage of a notice; {@code tenant_id} comes from the database's bound city. */
@Entity
@Table(name = "notice")
public class NoticeRow {
    @Id
    public UUID id;
    @Column(name = "tenant_id", insertable = false, updatable = false)
    public UUID tenantId;
    public String title;
    public String body;
    public String category;
    public boolean published;
    @Column(name = "published_at")
    public OffsetDateTime publishedAt;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
    @Version
    public int version;

    public Notice toNotice() {
        return new Notice(id, title, body, category, published, publishedAt, createdBy, updatedAt, version);
    }
}
