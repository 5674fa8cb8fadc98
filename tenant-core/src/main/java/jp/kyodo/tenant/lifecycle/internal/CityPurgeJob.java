package jp.kyodo.tenant.lifecycle.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import jp.kyodo.tenant.sweeps.CitySweeps;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Resumes unfinished deletions: every {@code kyodo.city.purge-retry-seconds} (default 60; also right after start,
 * so a server that stopped mid-purge finishes it) each city still in DELETING is purged again. Several servers may
 * run it: the purge's lease lets one of them work on a city at a time. Scheduled through {@link CitySweeps#every} (once
 * per application, cancelled when it stops); not a per-city sweep: the cities it visits are those in DELETING, which
 * the purge works on as the platform, not bound to the city.
 */
@ApplicationScoped
public class CityPurgeJob {

    private static final Logger LOG = Logger.getLogger(CityPurgeJob.class.getName());

    @Inject
    @ConfigProperty(name = "kyodo.city.purge-retry-seconds", defaultValue = "60")
    int retrySeconds;
    @Inject
    CitySweeps sweeps;
    @Inject
    CityStore store;
    @Inject
    CityPurge purge;
    /** This bean through its proxy, so that {@link ActivateRequestContext} applies on the executor's threads. */
    @Inject
    CityPurgeJob self;

    void onStart(@Observes Startup startup) {
        int every = Math.max(1, retrySeconds);
        if (sweeps.every("resuming city deletions", Math.min(every, 10), every, this::resumeAll)) {
            LOG.info("unfinished city deletions are resumed every " + every + " s");
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
