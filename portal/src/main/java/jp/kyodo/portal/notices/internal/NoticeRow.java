package jp.kyodo.portal.notices.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.QueryHint;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.OffsetDateTime;
import java.util.UUID;
import jp.kyodo.portal.notices.Notice;

/**
 * Storage of a notice; {@code tenant_id} comes from the database's bound city. The two lists are named queries with
 * their row limit in the definition: EclipseLink prepares a named query's SQL once, while a query whose limit is set
 * per call ({@code setMaxResults}) has its SQL generated again on every call (a third of the city home's notice read).
 */
@Entity
@Table(name = "notice")
@NamedQuery(name = NoticeRow.PUBLISHED, query = "select n from NoticeRow n where n.published = true order by n.publishedAt desc",
        hints = @QueryHint(name = "eclipselink.jdbc.max-rows", value = "" + NoticeRow.LIST_LIMIT))
@NamedQuery(name = NoticeRow.ALL, query = "select n from NoticeRow n order by n.updatedAt desc",
        hints = @QueryHint(name = "eclipselink.jdbc.max-rows", value = "" + NoticeRow.LIST_LIMIT))
public class NoticeRow {
    public static final String PUBLISHED = "NoticeRow.published";
    public static final String ALL = "NoticeRow.all";
    /** At most this many notices are listed (newest first). */
    public static final int LIST_LIMIT = 200;

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
