package jp.kyodo.admin.national.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;

/** Reads the aggregate-only database function {@code kyodo_city_statistics()}. */
@ApplicationScoped
public class CityStatistics {

    /** Counts for one city. */
    public record Row(String code, String name, String prefecture, String status, long accounts, long citizens,
                      long staff, long noticesPublished, long auditEvents30d) {
    }

    @PersistenceContext(unitName = "kyodo")
    EntityManager em;

    @Transactional
    public List<Row> perCity() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT * FROM kyodo_city_statistics()").getResultList();
        return rows.stream().map(r -> new Row((String) r[0], (String) r[1], (String) r[2], (String) r[3],
                n(r[4]), n(r[5]), n(r[6]), n(r[7]), n(r[8]))).toList();
    }

    private static long n(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }
}
