package jp.kyodo.tenant.sweeps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.CityStatus;
import jp.kyodo.tenant.TenantContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The per-city sweep: each city bound in turn, a failing one skipped, once per name, 0 = off, cancelled at stop. */
class CitySweepsTest {

    private static final City AMA = city("282022");
    private static final City MSN = city("132039");
    private static final City NGT = city("151009");

    private java.util.concurrent.ScheduledThreadPoolExecutor executor;
    private CitySweeps sweeps;
    private volatile List<City> active = List.of(AMA, MSN, NGT);

    private static City city(String code) {
        return new City(UUID.randomUUID(), code, "市" + code, "し", "県", CityStatus.ACTIVE, null);
    }

    @BeforeEach
    void setUp() {
        executor = new java.util.concurrent.ScheduledThreadPoolExecutor(1);
        executor.setRemoveOnCancelPolicy(true);
        sweeps = new CitySweeps() {
            @Override
            public List<City> activeCities() {
                return active;
            }
        };
        sweeps.executor = executor;
        sweeps.tenant = new TenantContext();
        sweeps.self = sweeps;
    }

    @AfterEach
    void tearDown() {
        sweeps.stop();
        executor.shutdownNow();
    }

    @Test
    void eachCityRunsBoundToItselfAndAFailingCityDoesNotStopTheOthers() {
        List<String> seen = new CopyOnWriteArrayList<>();
        sweeps.sweep("test sweep", c -> {
            assertEquals(c, sweeps.tenant.city(), "bound to the city it works for");
            seen.add(c.code());
            if (c == MSN) {
                throw new IllegalStateException("boom");
            }
        });
        assertEquals(List.of("282022", "132039", "151009"), seen);
        assertTrue(sweeps.tenant.current().isEmpty(), "no city bound after the sweep");
    }

    @Test
    void aRunThatCannotListTheCitiesIsRetriedByTheNext() {
        CitySweeps failing = new CitySweeps() {
            @Override
            public List<City> activeCities() {
                throw new IllegalStateException("database down");
            }
        };
        failing.self = failing;
        failing.tenant = new TenantContext();
        AtomicInteger runs = new AtomicInteger();
        failing.sweep("test sweep", c -> runs.incrementAndGet()); // logged, does not throw
        assertEquals(0, runs.get());
    }

    @Test
    void scheduledOncePerNameOffAtZeroAndCancelledAtStop() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        assertFalse(sweeps.everyActiveCity("off sweep", "kyodo.test.off-seconds", 0, c -> runs.incrementAndGet()));
        assertTrue(sweeps.everyActiveCity("test sweep", "kyodo.test.sweep-seconds", 1, c -> runs.incrementAndGet()));
        // Startup reaches a bean once per module: the second module's call schedules nothing
        assertFalse(sweeps.everyActiveCity("test sweep", "kyodo.test.sweep-seconds", 1, c -> runs.incrementAndGet()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (runs.get() < 3) {
            assertTrue(System.nanoTime() < deadline, "the first run visited the three cities");
            Thread.sleep(20);
        }
        while (executor.getQueue().size() != 1) { // the run re-queues its next one when it has ended
            assertTrue(System.nanoTime() < deadline, "the next run is planned");
            Thread.sleep(20);
        }
        assertEquals(1, executor.getQueue().size(), "one schedule for the name, none for the sweep that is off");
        sweeps.stop();
        assertEquals(0, executor.getQueue().size(), "cancelled when the application stops");
    }
}
