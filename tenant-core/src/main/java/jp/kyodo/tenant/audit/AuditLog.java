package jp.kyodo.tenant.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jp.kyodo.tenant.RequestIdentity;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.audit.internal.AuditEventRow;

/**
 * Writes and reads the current city's audit trail. Writes join the caller's transaction, so an
 * action and its audit line commit or roll back together. The table is append-only for the
 * application role: there is no update or delete here, and the database refuses them anyway.
 */
@ApplicationScoped
public class AuditLog {

    @PersistenceContext(unitName = "kyodo")
    EntityManager em;
    @Inject
    RequestIdentity identity;
    @Inject
    TenantContext tenant;

    /** Records an action on a record of the current city. {@code detail} must hold no personal data values. */
    @Transactional(Transactional.TxType.REQUIRED)
    public void record(String action, String entityType, String entityId, Map<String, ?> detail) {
        tenant.city();
        AuditEventRow row = new AuditEventRow();
        row.id = UUID.randomUUID();
        row.actor = identity.username();
        row.actorRole = identity.mainRole();
        row.action = action;
        row.entityType = entityType;
        row.entityId = entityId;
        JsonObjectBuilder b = Json.createObjectBuilder();
        detail.forEach((k, v) -> b.add(k, String.valueOf(v)));
        row.detail = b.build().toString();
        em.persist(row);
    }

    /**
     * A staff member looked at a citizen's personal data (個人情報の閲覧). Joins the caller's transaction, or runs in
     * its own when there is none (a read that writes nothing else, e.g. one from a partner system): the call to
     * {@link #record} below is a self-invocation, which no interceptor sees, so this method needs its own binding.
     */
    @Transactional(Transactional.TxType.REQUIRED)
    public void recordPersonalDataRead(String entityType, String entityId, String purpose) {
        record("personal-data.read", entityType, entityId, Map.of("purpose", purpose));
    }

    @Transactional
    public List<AuditEntry> recent(int limit, String entityType) {
        var q = entityType == null
                ? em.createQuery("select a from AuditEventRow a order by a.at desc", AuditEventRow.class)
                : em.createQuery("select a from AuditEventRow a where a.entityType = :t order by a.at desc",
                        AuditEventRow.class).setParameter("t", entityType);
        q.setMaxResults(Math.max(1, Math.min(limit, 500)));
        return q.getResultStream().map(AuditEventRow::toEntry).toList();
    }
}
