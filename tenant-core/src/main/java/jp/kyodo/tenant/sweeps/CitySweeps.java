package jp.kyodo.tenant.sweeps;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.CityDirectory;
import jp.kyodo.tenant.TenantContext;

/**
 * The application's periodic jobs on the server's managed scheduled executor
 * ({@code java:comp/DefaultManagedScheduledExecutorService}), above all the per-city sweep: every N seconds each
 * active city in turn, bound to that city ({@link TenantContext#runAs}, in a request context of its own, so row-level
 * security applies as in a request); a failing city is logged and does not stop the others, and a run that cannot
 * list the cities is retried by the next one. 0 seconds (or less) turns a sweep off, which is logged. A job is
 * scheduled once per application under its name, although {@code @Observes Startup} reaches a bean once per module
 * of the application; everything is cancelled when the application stops.
 *
 * <pre>
 * void onStart(&#64;Observes Startup startup) {
 *     sweeps.everyActiveCity("response-target escalation", "kyodo.sla.sweep-seconds", sweepSeconds, city -&gt; ...);
 * }
 * </pre>
 */
@ApplicationScoped
public class CitySweeps {

    private static final Logger LOG = Logger.getLogger(CitySweeps.class.getName());

    /** One city's part of a sweep; runs bound to {@code city}, with a request context active. */
    @FunctionalInterface
    public interface CityWork {
        void run(City city);
    }

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ScheduledExecutorService executor;
    @Inject
    CityDirectory cities;
    @Inject
    TenantContext tenant;
    /** This bean through its proxy, so that {@link ActivateRequestContext} applies on the executor's threads. */
    @Inject
    CitySweeps self;

    /** The names of this application's jobs, scheduled or off. */
    private final Set<String> names = ConcurrentHashMap.newKeySet();
    private final List<ScheduledFuture<?>> scheduled = new CopyOnWriteArrayList<>();

    /**
     * Runs {@code work} for each active city every {@code seconds} (the first run {@code seconds} after this call);
     * {@code seconds} ≤ 0 turns it off ({@code setting} names the configuration value in the log). Returns false when
     * the sweep is off or {@code name} was scheduled already.
     */
    public boolean everyActiveCity(String name, String setting, int seconds, CityWork work) {
        if (seconds <= 0) {
            if (names.add(name)) {
                LOG.info("[kyodo] " + name + ": off (" + setting + "=" + seconds + ")");
            }
            return false;
        }
        boolean now = every(name, seconds, seconds, () -> sweep(name, work));
        if (now) {
            LOG.info("[kyodo] " + name + ": every " + seconds + " s for every active city (" + setting + ")");
        }
        return now;
    }

    /**
     * Runs {@code task} every {@code seconds} after the end of the previous run, the first time after
     * {@code initialDelaySeconds}; a run that throws is logged and the next one runs as planned. Returns false (and
     * schedules nothing) when {@code name} was scheduled already.
     */
    public boolean every(String name, long initialDelaySeconds, long seconds, Runnable task) {
        if (!names.add(name)) {
            return false;
        }
        scheduled.add(executor.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "[kyodo] " + name + " failed; the next run retries: " + e, e);
            }
        }, Math.max(0, initialDelaySeconds), Math.max(1, seconds), TimeUnit.SECONDS));
        return true;
    }

    /** One run of a per-city sweep: each active city in turn, a failing one logged and skipped. */
    void sweep(String name, CityWork work) {
        List<City> active;
        try {
            active = self.activeCities();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "[kyodo] " + name + ": cannot list the cities; the next run retries: " + e, e);
            return;
        }
        for (City c : active) {
            try {
                self.runFor(c, work);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "[kyodo] " + name + " of " + c.code() + " failed; the next run retries: " + e, e);
            }
        }
    }

    /** The active cities (read in a request context of its own). */
    @ActivateRequestContext
    public List<City> activeCities() {
        return cities.active();
    }

    /** Runs {@code work} bound to {@code city}, in a request context of its own. */
    @ActivateRequestContext
    public void runFor(City city, CityWork work) {
        tenant.runAs(city, () -> {
            work.run(city);
            return null;
        });
    }

    @PreDestroy
    void stop() {
        scheduled.forEach(f -> f.cancel(false));
        scheduled.clear();
        names.clear();
    }
}
