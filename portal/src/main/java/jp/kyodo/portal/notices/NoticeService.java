package jp.kyodo.portal.notices;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import jp.kyodo.portal.notices.internal.NoticeLists;
import jp.kyodo.portal.notices.internal.NoticeRow;
import jp.kyodo.tenant.NoticesVersion;
import jp.kyodo.tenant.RequestIdentity;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.audit.AuditLog;
import jp.kyodo.tenant.problem.Checks;
import jp.kyodo.tenant.problem.ProblemException;

/** The current city's notices. Which city is decided by the database's binding, never by a parameter. */
@ApplicationScoped
@Transactional
public class NoticeService {

    @PersistenceContext(unitName = "kyodo")
    EntityManager em;
    @Inject
    TenantContext tenant;
    @Inject
    RequestIdentity identity;
    @Inject
    AuditLog audit;

    @Inject
    NoticeLists lists;

    /**
     * The city's notices, newest first: the published ones ({@code publishedOnly}) or all. When this transaction read
     * the city's notices version ({@link NoticesVersion}, a signed-in page's session check does) and this server keeps
     * the list under that version, the kept list is the answer (no statement): the version changes with every write of
     * a notice of the city, on any server, so an equal version is the same list. Otherwise the list is read, under the
     * city's binding, and kept under the version read before it.
     */
    public List<Notice> list(boolean publishedOnly) {
        UUID city = tenant.city().id();
        OptionalLong version = NoticesVersion.inThisTransaction(city);
        if (version.isPresent()) {
            List<Notice> kept = lists.get(city, publishedOnly, version.getAsLong());
            if (kept != null) {
                return kept;
            }
        }
        List<Notice> read = em.createNamedQuery(publishedOnly ? NoticeRow.PUBLISHED : NoticeRow.ALL, NoticeRow.class)
                .getResultStream().map(NoticeRow::toNotice).toList();
        if (version.isPresent()) {
            lists.put(city, publishedOnly, version.getAsLong(), read);
        }
        return read;
    }

    public Notice get(UUID id, boolean publishedOnly) {
        return row(id, publishedOnly).toNotice();
    }

    public Notice create(NoticeDraft d) {
        Checks.valid(d);
        tenant.city();
        NoticeRow row = new NoticeRow();
        row.id = UUID.randomUUID();
        row.createdBy = identity.username();
        apply(row, d);
        written();
        em.persist(row);
        em.flush();
        audit.record("notice.create", "notice", row.id.toString(), Map.of("published", d.published()));
        return row.toNotice();
    }

    public Notice update(UUID id, NoticeDraft d) {
        Checks.valid(d);
        NoticeRow row = row(id, false);
        written();
        apply(row, d);
        em.flush();
        audit.record("notice.update", "notice", id.toString(), Map.of("published", d.published()));
        return row.toNotice();
    }

    public void delete(UUID id) {
        NoticeRow row = row(id, false);
        written();
        em.remove(row);
        audit.record("notice.delete", "notice", id.toString(), Map.of());
    }

    /**
     * This transaction writes a notice: the version it read (if any) no longer describes the list, and this server's
     * copy of the city's lists is dropped (the trigger gives the city a new version at the write, so another server's
     * copy is not used again either).
     */
    private void written() {
        NoticesVersion.forget();
        lists.forget(tenant.city().id());
    }

    private NoticeRow row(UUID id, boolean publishedOnly) {
        tenant.city();
        NoticeRow row = em.find(NoticeRow.class, id);
        if (row == null || (publishedOnly && !row.published)) {
            throw ProblemException.notFound("notice");
        }
        return row;
    }

    private static void apply(NoticeRow row, NoticeDraft d) {
        row.title = d.title().strip();
        row.body = d.body();
        row.category = d.category() == null ? "general" : d.category();
        if (d.published() && !row.published) {
            row.publishedAt = OffsetDateTime.now();
        }
        row.published = d.published();
        row.updatedAt = OffsetDateTime.now();
    }
}
