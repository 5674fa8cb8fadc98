package jp.kyodo.tenant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;
import jp.kyodo.tenant.internal.CityRow;

/** Looks cities up in the registry. Global data (names and codes), read before any city is bound. */
@ApplicationScoped
@Transactional
public class CityDirectory {

    @PersistenceContext(unitName = "kyodo")
    EntityManager em;

    public Optional<City> byCode(String code) {
        if (code == null || !code.matches("\\d{6}")) {
            return Optional.empty();
        }
        return em.createQuery("select c from CityRow c where c.code = :code", CityRow.class)
                .setParameter("code", code).getResultStream().findFirst().map(CityRow::toCity);
    }

    public Optional<City> byPortalHost(String host) {
        if (host == null || host.isBlank()) {
            return Optional.empty();
        }
        return em.createQuery("select c from CityRow c where c.portalHost = :h", CityRow.class)
                .setParameter("h", host.toLowerCase(java.util.Locale.ROOT)).getResultStream().findFirst()
                .map(CityRow::toCity);
    }

    /** The host name of a Host header, lower case, without port (IPv6 literals kept whole). */
    public static String hostOf(String hostHeader) {
        if (hostHeader == null) {
            return null;
        }
        String h = hostHeader.strip().toLowerCase(java.util.Locale.ROOT);
        int colon = h.lastIndexOf(':');
        return colon > 0 && !h.endsWith("]") ? h.substring(0, colon) : h;
    }

    public List<City> all() {
        return em.createQuery("select c from CityRow c where c.status <> :d order by c.code", CityRow.class)
                .setParameter("d", CityStatus.DELETED).getResultStream().map(CityRow::toCity).toList();
    }

    public List<City> active() {
        return em.createQuery("select c from CityRow c where c.status = :a order by c.code", CityRow.class)
                .setParameter("a", CityStatus.ACTIVE).getResultStream().map(CityRow::toCity).toList();
    }
}
