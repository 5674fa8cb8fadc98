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

    public CityRow reprovision(String code, String portalHost) {
        CityRow row = find(code).orElseThrow();
        row.status = CityStatus.PROVISIONING;
        row.portalHost = portalHost;
        row.keycloakOrgId = null;
        row.lastExportedAt = null;
        row.updatedAt = OffsetDateTime.now();
        return row;
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
