package jp.kyodo.tenant.reception;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import jp.kyodo.tenant.TenantContext;

/**
 * Hands out the current city's next reception number. The counter row is incremented in the caller's transaction
 * ({@code MANDATORY}): concurrent callers wait on its row lock, and a rollback returns the number, so a city's numbers
 * of one year run 1, 2, 3 … with no duplicate and no gap. The city is the one bound to the transaction (row-level
 * security); nothing here takes a tenant as a parameter.
 */
@ApplicationScoped
public class ReceptionNumbers {

    public static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

    @PersistenceContext(unitName = "kyodo")
    EntityManager em;
    @Inject
    TenantContext tenant;

    Clock clock = Clock.system(JAPAN);

    /** The next number of the current city in the current year (Japan time). */
    @Transactional(Transactional.TxType.MANDATORY)
    public ReceptionNumber next() {
        tenant.city();
        int year = LocalDate.now(clock.withZone(JAPAN)).getYear();
        Object value = em.createNativeQuery("INSERT INTO reception_counter (year, last_value) VALUES (?1, 1) "
                        + "ON CONFLICT (tenant_id, year) DO UPDATE SET last_value = reception_counter.last_value + 1 "
                        + "RETURNING last_value")
                .setParameter(1, year).getSingleResult();
        return new ReceptionNumber(year, ((Number) value).longValue());
    }
}
