package jp.kyodo.tenant.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.CityStatus;
import org.junit.jupiter.api.Test;

/** The in-memory city registry: read once, read again after a change, never keeps a copy read across a change. */
class CityRegistryCacheTest {

    static City city(String code, CityStatus status, String host) {
        return new City(UUID.randomUUID(), code, "市" + code, "し", "県", status, host);
    }

    /** A registry whose reader counts its reads and returns what {@link #rows} holds at that moment. */
    static final class Fixture {
        final List<City> rows = new ArrayList<>();
        final AtomicInteger reads = new AtomicInteger();
        Runnable duringRead = () -> { };
        final CityRegistryCache cache = new CityRegistryCache();

        Fixture() {
            cache.maxAgeSeconds = 3600;
            cache.reader = new CityRegistryCache.Reader() {
                @Override
                public List<City> all() {
                    reads.incrementAndGet();
                    List<City> copy = List.copyOf(rows);
                    duringRead.run();
                    return copy;
                }

                @Override
                public String fingerprint() {
                    return rows.toString();
                }
            };
        }
    }

    @Test
    void readsOnceUntilACityChanges() {
        Fixture f = new Fixture();
        f.rows.add(city("282022", CityStatus.ACTIVE, "portal.example.jp"));
        assertEquals("282022", f.cache.current().byCode().get("282022").code());
        assertEquals("282022", f.cache.current().byHost().get("portal.example.jp").code());
        f.cache.current();
        assertEquals(1, f.reads.get(), "one read for any number of look-ups");

        f.rows.set(0, city("282022", CityStatus.SUSPENDED, null));
        CityRegistryCache.changed();
        assertEquals(CityStatus.SUSPENDED, f.cache.current().byCode().get("282022").status(), "a change is seen at once");
        assertNull(f.cache.current().byHost().get("portal.example.jp"));
        assertEquals(2, f.reads.get());
    }

    @Test
    void aCopyReadWhileACityChangedIsNotKept() {
        Fixture f = new Fixture();
        f.rows.add(city("132039", CityStatus.ACTIVE, null));
        f.duringRead = () -> {
            f.duringRead = () -> { };
            CityRegistryCache.changed(); // another request commits a change while this read is under way
        };
        f.cache.current();
        f.cache.current();
        assertEquals(2, f.reads.get(), "the copy read across the change was used once and then read again");
        f.cache.current();
        assertEquals(2, f.reads.get());
    }

    @Test
    void aChangeMadeOnAnotherServerIsSeenAtTheNextCheck() {
        Fixture f = new Fixture();
        f.rows.add(city("221007", CityStatus.ACTIVE, null));
        f.cache.check(); // the first check only learns the fingerprint
        f.cache.current();
        assertEquals(false, f.cache.check(), "nothing changed");
        f.cache.current();
        assertEquals(1, f.reads.get());

        f.rows.set(0, city("221007", CityStatus.SUSPENDED, null)); // another server suspends it: no changed() here
        assertEquals(CityStatus.ACTIVE, f.cache.current().byCode().get("221007").status(), "not seen before the check");
        assertEquals(true, f.cache.check());
        assertEquals(CityStatus.SUSPENDED, f.cache.current().byCode().get("221007").status(), "seen after the check");
        assertEquals(2, f.reads.get());
        assertEquals(false, f.cache.check());
    }

    @Test
    void anOldCopyIsReadAgainAfterTheMaximumAge() {
        Fixture f = new Fixture();
        f.cache.maxAgeSeconds = 0;
        f.cache.current();
        f.cache.current();
        assertEquals(2, f.reads.get(), "changes made elsewhere are picked up after kyodo.cache.city-registry-seconds");
    }
}
