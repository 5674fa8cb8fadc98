package jp.kyodo.tenant.lifecycle.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import jp.kyodo.tenant.CityStatus;
import jp.kyodo.tenant.internal.CityRow;
import jp.kyodo.tenant.lifecycle.Municipality;

/** Writes to the city registry, each call its own transaction (the lifecycle steps commit one by one). */
@ApplicationScoped
@Transactional(Transactional.TxType.REQUIRES_NEW)
public class CityStore {

    @PersistenceContext(unitName = "kyodo")
    EntityManager em;

    /** Every city not deleted, in code order, in one query. */
    public java.util.List<CityRow> all() {
        return em.createQuery("select c from CityRow c where c.status <> :d order by c.code", CityRow.class)
                .setParameter("d", CityStatus.DELETED).getResultList();
    }

    public Optional<CityRow> find(String code) {
        return em.createQuery("select c from CityRow c where c.code = :c", CityRow.class).setParameter("c", code)
                .getResultStream().findFirst();
    }

    /** Inserts a PROVISIONING row; fails (unique code) when another request inserted it first. */
    public CityRow insertProvisioning(Municipality m, String portalHost) {
        CityRow row = new CityRow();
        row.id = UUID.randomUUID();
        row.code = m.code();
        row.name = m.name();
        row.nameKana = m.nameKana();
        row.prefecture = m.prefecture();
        row.status = CityStatus.PROVISIONING;
        row.portalHost = portalHost;
        row.updatedAt = OffsetDateTime.now();
        em.persist(row);
        em.flush();
        return row;
    }

    /**
     * Starts a create again: a PROVISIONING row left by a failed create is reused; a DELETED city's row is removed
     * and a new row with a new id takes its place, so that nothing kept under the old id (rows, index directory,
     * files) can ever be read by the new city.
     */
    public CityRow reprovision(String code, String portalHost) {
        CityRow row = find(code).orElseThrow();
        if (row.status == CityStatus.DELETED) {
            CityRow fresh = new CityRow();
            fresh.id = UUID.randomUUID();
            fresh.code = row.code;
            fresh.name = row.name;
            fresh.nameKana = row.nameKana;
            fresh.prefecture = row.prefecture;
            em.remove(row);
            em.flush(); // the old row (and its unique code) is gone before the new one is inserted
            row = fresh;
            em.persist(row);
        }
        row.status = CityStatus.PROVISIONING;
        row.portalHost = portalHost;
        row.keycloakOrgId = null;
        row.lastExportedAt = null;
        row.updatedAt = OffsetDateTime.now();
        em.flush();
        return row;
    }

    /** Records a vendor's request to delete the city (the city keeps running until a second vendor approves). */
    public CityRow requestDeletion(String code, String vendor, String vendorSubject) {
        CityRow row = find(code).orElseThrow();
        row.deletionRequestedBy = vendor;
        row.deletionRequestedBySubject = vendorSubject;
        row.deletionRequestedAt = OffsetDateTime.now();
        row.updatedAt = row.deletionRequestedAt;
        return row;
    }

    public CityRow cancelDeletion(String code) {
        CityRow row = find(code).orElseThrow();
        row.deletionRequestedBy = null;
        row.deletionRequestedBySubject = null;
        row.deletionRequestedAt = null;
        row.updatedAt = OffsetDateTime.now();
        return row;
    }

    /** The approved deletion: DELETING from now on, the purge not yet claimed. */
    public CityRow startDeleting(String code, String approver) {
        CityRow row = find(code).orElseThrow();
        row.status = CityStatus.DELETING;
        row.deletionApprovedBy = approver;
        row.purgeLeaseUntil = null;
        row.purgeError = null;
        row.updatedAt = OffsetDateTime.now();
        return row;
    }

    /**
     * Claims the purge of a DELETING city for {@code leaseSeconds} (database clock), so that two servers never purge
     * the same city at once; a server that dies mid-purge lets the lease run out and another one resumes.
     */
    public Optional<CityRow> claimPurge(String code, int leaseSeconds) {
        int claimed = em.createNativeQuery("UPDATE city SET purge_lease_until = now() + make_interval(secs => ?), "
                + "purge_attempts = purge_attempts + 1 WHERE lg_code = ? AND status = 'DELETING' "
                + "AND (purge_lease_until IS NULL OR purge_lease_until < now())")
                .setParameter(1, leaseSeconds).setParameter(2, code).executeUpdate();
        return claimed == 1 ? find(code) : Optional.empty();
    }

    /** A purge step failed: the error is kept for the vendor and the lease released, so the next run retries. */
    public void purgeFailed(String code, String error) {
        find(code).filter(r -> r.status == CityStatus.DELETING).ifPresent(r -> {
            r.purgeError = error.length() > 1000 ? error.substring(0, 1000) : error;
            r.purgeLeaseUntil = null;
        });
    }

    /** Every step of the purge succeeded. */
    public CityRow finishDeletion(String code) {
        CityRow row = find(code).orElseThrow();
        row.status = CityStatus.DELETED;
        row.purgeLeaseUntil = null;
        row.purgeError = null;
        row.updatedAt = OffsetDateTime.now();
        return row;
    }

    /** The codes of the cities whose purge has not finished yet. */
    public java.util.List<String> deleting() {
        return em.createQuery("select c.code from CityRow c where c.status = :s order by c.code", String.class)
                .setParameter("s", CityStatus.DELETING).getResultList();
    }

    public void setOrganization(String code, String orgId) {
        CityRow row = find(code).orElseThrow();
        row.keycloakOrgId = orgId;
    }

    public CityRow setStatus(String code, CityStatus status) {
        CityRow row = find(code).orElseThrow();
        row.status = status;
        row.updatedAt = OffsetDateTime.now();
        return row;
    }

    public CityRow markExported(String code) {
        CityRow row = find(code).orElseThrow();
        row.lastExportedAt = OffsetDateTime.now();
        return row;
    }

    public void deleteRow(String code) {
        find(code).ifPresent(em::remove);
    }

    public void event(String actor, String action, String code, Map<String, String> detail) {
        var b = Json.createObjectBuilder();
        detail.forEach(b::add);
        em.createNativeQuery("INSERT INTO platform_event (actor, action, city_code, detail) VALUES (?, ?, ?, ?)")
                .setParameter(1, actor).setParameter(2, action).setParameter(3, code)
                .setParameter(4, b.build().toString()).executeUpdate();
    }
}
