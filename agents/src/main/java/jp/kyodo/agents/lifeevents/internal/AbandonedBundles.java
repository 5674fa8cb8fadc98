package jp.kyodo.agents.lifeevents.internal;

import jp.kyodo.agents.lifeevents.BundleOperators;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.sweeps.CitySweeps;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Abandoned life-event bundles become cases (issue 13, item 8): every {@code kyodo.life-events.sweep-seconds} (600; 0
 * turns it off) each active city in turn ({@link CitySweeps}: bound with {@link TenantContext#runAs}, so row-level
 * security applies as in a request) has its bundles without activity for
 * {@code kyodo.life-events.abandon-after-minutes} (4320 = 3 days) that never got as far as prepared drafts, and have
 * no case yet, opened as cases — at most 50 per city and run, in a transaction of their own
 * ({@link BundleOperators#sweepAbandoned}, claimed with {@code FOR UPDATE SKIP LOCKED}, so several servers never open
 * the same case). A failing city is logged and does not stop the others.
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
    @Inject
    CitySweeps sweeps;
    @Inject
    BundleOperators operators;
    @Inject
    jp.kyodo.tenant.RequestIdentity identity;

    void onStart(@Observes Startup startup) {
        sweeps.everyActiveCity("abandoned life-event bundles (idle for " + abandonAfterMinutes + " min)",
                "kyodo.life-events.sweep-seconds", sweepSeconds, city -> {
                    identity.set("system", null, java.util.Set.of()); // the actor of the cases and audit entries it writes
                    int n = operators.sweepAbandoned(abandonAfterMinutes, BATCH);
                    if (n > 0) {
                        LOG.info("abandoned life-event bundles of " + city.code() + ": " + n + " became cases");
                    }
                });
    }
}
