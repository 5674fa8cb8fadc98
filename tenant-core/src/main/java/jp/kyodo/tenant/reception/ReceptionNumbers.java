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

    /**
     * The current city's next {@code count} numbers of the current year, in order, with one statement: the counter row
     * moves on by {@code count} in the caller's transaction, so, as with {@link #next()}, callers wait on its row lock,
     * a rollback returns all of them, and the numbers run on with no duplicate and no gap. For work that opens many
     * records in one transaction (a partner's batch), where a statement per record was most of the cost.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public java.util.List<ReceptionNumber> next(int count) {
        if (count < 1) {
            return java.util.List.of();
        }
        tenant.city();
        int year = LocalDate.now(clock.withZone(JAPAN)).getYear();
        Object value = em.createNativeQuery("INSERT INTO reception_counter (year, last_value) VALUES (?1, ?2) "
                        + "ON CONFLICT (tenant_id, year) DO UPDATE SET last_value = reception_counter.last_value + ?2 "
                        + "RETURNING last_value")
                .setParameter(1, year).setParameter(2, count).getSingleResult();
        long last = ((Number) value).longValue();
        java.util.List<ReceptionNumber> out = new java.util.ArrayList<>(count);
        for (long n = last - count + 1; n <= last; n++) {
            out.add(new ReceptionNumber(year, n));
        }
        return out;
    }

    /**
     * The counter's increment as the first part of a statement the caller finishes: {@code WITH reception AS (…)}
     * yields one row with the column {@code number}, the next number as text ({@code 2026-000123}). Parameter
     * {@code ?1} is the year; the caller's parameters start at {@code ?2}.
     */
    static final String TAKE = "WITH reception AS (INSERT INTO reception_counter (year, last_value) VALUES (?1, 1) "
            + "ON CONFLICT (tenant_id, year) DO UPDATE SET last_value = reception_counter.last_value + 1 "
            + "RETURNING to_char(year, 'FM0000') || '-' || CASE WHEN last_value < 1000000 "
            + "THEN lpad(last_value::text, 6, '0') ELSE last_value::text END AS number) ";

    /**
     * Takes the current city's next number and writes with it in the same statement, one round trip: {@code rest}
     * continues {@code WITH reception AS (…) } — more common table expressions that insert rows using
     * {@code reception.number}, then a final {@code SELECT} whose one row's one column is that number. The counter row
     * is locked from this statement to the commit, as with {@link #next()}, so nothing written before it holds it, and
     * a rollback returns the number. {@code params} are bound as {@code ?2}, {@code ?3} …
     *
     * @return the number; empty when the final {@code SELECT} answered no row (the caller's insert did nothing, e.g.
     *         {@code ON CONFLICT DO NOTHING}): the counter was incremented all the same, so the caller must roll back
     *         to keep the city's numbers without a gap
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public java.util.Optional<ReceptionNumber> takeWith(String rest, java.util.List<?> params) {
        tenant.city();
        int year = LocalDate.now(clock.withZone(JAPAN)).getYear();
        var query = em.createNativeQuery(TAKE + rest).setParameter(1, year);
        for (int i = 0; i < params.size(); i++) {
            query.setParameter(i + 2, params.get(i));
        }
        java.util.List<?> rows = query.getResultList();
        if (rows.isEmpty()) {
            return java.util.Optional.empty();
        }
        Object number = rows.get(0);
        ReceptionNumber taken = ReceptionNumber.parse(String.valueOf(number)).orElseThrow(() ->
                new IllegalStateException("the statement did not answer a reception number: " + number));
        if (taken.year() != year) {
            throw new IllegalStateException("reception number of another year: " + number);
        }
        return java.util.Optional.of(taken);
    }
}
