package jp.kyodo.agents.lifeevents;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.CityDirectory;
import jp.kyodo.tenant.TenantContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Abandoned life-event bundles become cases (issue 13, item 8): every {@code kyodo.life-events.sweep-seconds} (600; 0
 * turns it off) each active city in turn ({@link TenantContext#runAs}, so row-level security applies as in a request)
 * has its bundles without activity for {@code kyodo.life-events.abandon-after-minutes} (4320 = 3 days) that never got
 * as far as prepared drafts, and have no case yet, opened as cases — at most 50 per city and run, in a transaction of
 * their own ({@link BundleOperators#sweepAbandoned}, claimed with {@code FOR UPDATE SKIP LOCKED}, so several servers
 * never open the same case). A failing city is logged and does not stop the others.
 */
@ApplicationScoped
public class AbandonedBundles {

    private static final Logger LOG = Logger.getLogger(AbandonedBundles.class.getName());
    static final int BATCH = 50;

    @Inject
    @ConfigProperty(name = "kyodo.life-events.sweep-seconds", defaultValue = "600")
    int sweepSeconds;
    @Inject
    @ConfigProperty(name = "kyodo.life-events.abandon-after-minutes", defaultValue = "4320")
    long abandonAfterMinutes;
    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService executor;
    @Inject
    CityDirectory cities;
    @Inject
    TenantContext tenant;
    @Inject
    BundleOperators operators;
    @Inject
    jp.kyodo.tenant.RequestIdentity identity;
    /** This bean through its proxy, so that {@link ActivateRequestContext} applies on the executor's threads. */
    @Inject
    AbandonedBundles self;

    private volatile ScheduledFuture<?> task;

    void onStart(@Observes Startup startup) {
        if (sweepSeconds <= 0) {
            LOG.info("abandoned life-event bundles are not swept (kyodo.life-events.sweep-seconds=" + sweepSeconds + ")");
            return;
        }
        task = executor.scheduleWithFixedDelay(this::sweepAll, sweepSeconds, sweepSeconds, TimeUnit.SECONDS);
        LOG.info("abandoned life-event bundles: every " + sweepSeconds + " s, idle for " + abandonAfterMinutes + " min");
    }

    @PreDestroy
    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    private void sweepAll() {
        List<City> active;
        try {
            active = self.activeCities();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "abandoned-bundle sweep: cannot list the cities; next run retries: " + e, e);
            return;
        }
        for (City c : active) {
            try {
                int n = self.sweep(c);
                if (n > 0) {
                    LOG.info("abandoned life-event bundles of " + c.code() + ": " + n + " became cases");
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "abandoned-bundle sweep of " + c.code() + " failed; next run retries: " + e, e);
            }
        }
    }

    /** The active cities (read in a request context of its own). */
    @ActivateRequestContext
    public List<City> activeCities() {
        return cities.active();
    }

    /** One city's sweep, bound to that city, in a request context and a transaction of its own. */
    @ActivateRequestContext
    public int sweep(City city) {
        identity.set("system", null, java.util.Set.of()); // the actor of the cases and audit entries it writes
        return tenant.runAs(city, () -> operators.sweepAbandoned(abandonAfterMinutes, BATCH));
    }
}
