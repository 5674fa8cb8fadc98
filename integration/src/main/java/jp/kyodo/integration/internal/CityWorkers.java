package jp.kyodo.integration.internal;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.RequestIdentity;
import jp.kyodo.tenant.TenantContext;

/**
 * Runs integration work for one city at a time per (kind, city), on Liberty's managed executor, bound to that city
 * as a request would be (request context, {@link TenantContext#runAs}): row-level security applies to everything the
 * work touches. Each city's work is its own task, so a city whose partner is slow or failing holds at most its own
 * task, never another city's; at most {@code kyodo.integration.workers} tasks run at once.
 */
@ApplicationScoped
public class CityWorkers {

    private static final Logger LOG = Logger.getLogger(CityWorkers.class.getName());

    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    ManagedExecutorService executor;
    @Inject
    IntegrationConfig config;
    @Inject
    TenantContext tenant;
    @Inject
    RequestIdentity identity;
    @Inject
    CityWorkers self;

    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private volatile Semaphore slots;

    /** Starts the work for the city unless the same kind of work for it is still running or no slot is free. */
    public boolean submit(String kind, City city, Runnable work) {
        String key = kind + "/" + city.id();
        if (!inFlight.add(key)) {
            return false;
        }
        if (!slots().tryAcquire()) {
            inFlight.remove(key);
            return false;
        }
        try {
            executor.execute(() -> {
                try {
                    self.asCity(city, "integration:" + kind, () -> {
                        work.run();
                        return null;
                    });
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, kind + " for " + city.code() + " failed; the next run retries: " + e);
                } finally {
                    slots().release();
                    inFlight.remove(key);
                }
            });
            return true;
        } catch (RuntimeException e) {
            slots().release();
            inFlight.remove(key);
            throw e;
        }
    }

    /** Runs the work bound to the city, in a request context of its own, as the named system actor. */
    @ActivateRequestContext
    public <T> T asCity(City city, String actor, Supplier<T> work) {
        identity.set(actor, null, Set.of());
        return tenant.runAs(city, work);
    }

    /** Runs unbound work (city look-ups) in a request context of its own. */
    @ActivateRequestContext
    public <T> T unbound(Supplier<T> work) {
        return work.get();
    }

    private Semaphore slots() {
        Semaphore s = slots;
        if (s == null) {
            synchronized (this) {
                if (slots == null) {
                    slots = new Semaphore(Math.max(1, config.workers));
                }
                s = slots;
            }
        }
        return s;
    }

    static UUID id(City c) {
        return c.id();
    }
}
