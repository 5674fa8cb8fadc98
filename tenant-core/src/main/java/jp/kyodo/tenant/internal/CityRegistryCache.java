package jp.kyodo.tenant.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Synchronization;
import jakarta.transaction.Transactional;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import jp.kyodo.tenant.City;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The city registry in memory: every row of {@code city} (≈ 1,900 at most, a few hundred KB), read in one query and
 * kept until a city row changes. Global data, no tenant's rows: the registry holds no personal data and no tenant
 * table is cached here (row-level security still decides every tenant read).
 *
 * <p>Invalidation: every insert, update and delete of a {@link CityRow} through JPA (all registry writes go through
 * {@code CityStore}) calls {@link #changed()} from {@link CityRowListener}: the copy is dropped at once, and again when
 * the writing transaction has ended, so that a copy read by another request while the write was not yet committed
 * is never kept. A generation number refuses a copy whose read began before a change.
 *
 * <p>Changes made outside this server (another server of the deployment, SQL by an operator) are noticed by a check
 * every {@code kyodo.cache.city-registry-check-seconds} (default 1; 0 turns it off): one short transaction that reads
 * the registry's fingerprint ({@link Reader#fingerprint()}: the number of rows and a sum of the hashes of every
 * committed row, ≈ 1 ms for 1,900 rows) and drops the copy when it differs from the last one seen. It runs on the
 * server's scheduler, not in a request, so an ordinary request still costs one database transaction. Whatever the
 * check misses (a fingerprint collision, the check off) the copy's age bounds: {@code kyodo.cache.city-registry-seconds}
 * (default 30).
 */
@ApplicationScoped
public class CityRegistryCache {

    private static final Logger LOG = Logger.getLogger(CityRegistryCache.class.getName());
    private static final AtomicLong GENERATION = new AtomicLong();

    /** One read of the registry. */
    public record Snapshot(long generation, long readAtNanos, List<City> ordered, Map<String, City> byCode,
                           Map<String, City> byHost) {
        static Snapshot of(long generation, List<City> ordered) {
            Map<String, City> code = new HashMap<>();
            Map<String, City> host = new HashMap<>();
            for (City c : ordered) {
                code.put(c.code(), c);
                if (c.portalHost() != null) {
                    host.put(c.portalHost().toLowerCase(java.util.Locale.ROOT), c);
                }
            }
            return new Snapshot(generation, System.nanoTime(), List.copyOf(ordered), Map.copyOf(code), Map.copyOf(host));
        }
    }

    @Inject
    @ConfigProperty(name = "kyodo.cache.city-registry-seconds", defaultValue = "30")
    long maxAgeSeconds;
    @Inject
    @ConfigProperty(name = "kyodo.cache.city-registry-check-seconds", defaultValue = "1")
    long checkSeconds;
    @Inject
    Reader reader;
    @Inject
    jp.kyodo.tenant.sweeps.CitySweeps sweeps;

    private volatile Snapshot snapshot;
    /** The registry's fingerprint at the last check (null before the first). */
    private volatile String lastFingerprint;

    void onStart(@Observes Startup startup) {
        if (checkSeconds <= 0) {
            LOG.info("[kyodo] city registry: changes made on other servers are seen within kyodo.cache.city-registry-seconds ("
                    + maxAgeSeconds + " s): the check is off (kyodo.cache.city-registry-check-seconds=" + checkSeconds + ")");
            return;
        }
        sweeps.every("city registry check", checkSeconds, checkSeconds, this::check);
    }

    /**
     * Compares the registry's fingerprint in the database with the last one seen and drops the copy when it changed
     * (a city created, suspended, resumed, changed or deleted by another server or by SQL). Returns whether it did.
     */
    public boolean check() {
        String now = reader.fingerprint();
        String before = lastFingerprint;
        lastFingerprint = now;
        if (before != null && !before.equals(now)) {
            GENERATION.incrementAndGet();
            return true;
        }
        return false;
    }

    /** The registry as of now (read again when a city changed or the copy is older than the maximum age). */
    public Snapshot current() {
        Snapshot s = snapshot;
        if (fresh(s)) {
            return s;
        }
        synchronized (this) {
            s = snapshot;
            if (fresh(s)) {
                return s;
            }
            long generation = GENERATION.get();
            Snapshot read = Snapshot.of(generation, reader.all());
            if (GENERATION.get() == generation) {
                snapshot = read; // a change during the read leaves nothing behind: the next call reads again
            }
            return read;
        }
    }

    private boolean fresh(Snapshot s) {
        return s != null && s.generation() == GENERATION.get()
                && System.nanoTime() - s.readAtNanos() < maxAgeSeconds * 1_000_000_000L;
    }

    /** A city row changed: drop the copy now and once more when the writing transaction has ended. */
    public static void changed() {
        GENERATION.incrementAndGet();
        try {
            TransactionSynchronizationRegistry tsr = (TransactionSynchronizationRegistry) new InitialContext()
                    .lookup("java:comp/TransactionSynchronizationRegistry");
            if (tsr.getTransactionKey() != null) {
                tsr.registerInterposedSynchronization(new Synchronization() {
                    @Override
                    public void beforeCompletion() {
                    }

                    @Override
                    public void afterCompletion(int status) {
                        GENERATION.incrementAndGet();
                    }
                });
            }
        } catch (NamingException | RuntimeException e) {
            LOG.log(Level.FINE, "no transaction to follow; the copy was dropped now only", e);
        }
    }

    /**
     * Reads the registry in one query, always in a transaction of its own: a request's read transaction
     * ({@code ReadRequestTransaction}) must meet the database first with its city bound, not with the registry read
     * that comes before the binding.
     */
    @ApplicationScoped
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public static class Reader {
        @PersistenceContext(unitName = "kyodo")
        EntityManager em;

        public List<City> all() {
            return em.createQuery("select c from CityRow c order by c.code", CityRow.class).getResultStream()
                    .map(CityRow::toCity).toList();
        }

        /**
         * The committed registry in one value: its number of rows and the sum of a 64-bit hash of each whole row (any
         * column of any row changed, a row added or deleted: another value).
         */
        public String fingerprint() {
            Object[] r = (Object[]) em.createNativeQuery("SELECT count(*), coalesce(sum(hashtextextended(c::text, 0)), 0) FROM city c")
                    .getSingleResult();
            return r[0] + ":" + r[1];
        }
    }
}
