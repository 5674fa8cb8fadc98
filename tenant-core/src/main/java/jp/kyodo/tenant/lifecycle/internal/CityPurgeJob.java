package jp.kyodo.tenant.lifecycle.internal;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Resumes unfinished deletions: every {@code kyodo.city.purge-retry-seconds} (default 60; also right after start,
 * so a server that stopped mid-purge finishes it) each city still in DELETING is purged again. Several servers may
 * run it: the purge's lease lets one of them work on a city at a time.
 */
@ApplicationScoped
public class CityPurgeJob {

    private static final Logger LOG = Logger.getLogger(CityPurgeJob.class.getName());

    @Inject
    @ConfigProperty(name = "kyodo.city.purge-retry-seconds", defaultValue = "60")
    int retrySeconds;
    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService executor;
    @Inject
    CityStore store;
    @Inject
    CityPurge purge;
    /** This bean through its proxy, so that {@link ActivateRequestContext} applies on the executor's threads. */
    @Inject
    CityPurgeJob self;

    private ScheduledFuture<?> task;

    synchronized void onStart(@Observes Startup startup) {
        if (task != null) {
            return; // the event reaches this bean once per module of the application
        }
        int every = Math.max(1, retrySeconds);
        task = executor.scheduleWithFixedDelay(this::resumeAll, Math.min(every, 10), every, TimeUnit.SECONDS);
        LOG.info("unfinished city deletions are resumed every " + every + " s");
    }

    @PreDestroy
    synchronized void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    private void resumeAll() {
        try {
            for (String code : self.deleting()) {
                self.purge(code);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "resuming city deletions failed; next run retries: " + e, e);
        }
    }

    @ActivateRequestContext
    public List<String> deleting() {
        return store.deleting();
    }

    @ActivateRequestContext
    public boolean purge(String code) {
        return purge.run(code);
    }
}
