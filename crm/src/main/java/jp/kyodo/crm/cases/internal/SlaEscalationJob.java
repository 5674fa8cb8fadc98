package jp.kyodo.crm.cases.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.sweeps.CitySweeps;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Escalation without anyone looking: every {@code kyodo.sla.sweep-seconds} (default 60; 0 turns it off: escalation
 * then runs on read only) each active city in turn ({@link CitySweeps}: bound with {@link TenantContext#runAs}, so
 * row-level security applies as in a request) has {@link SlaSweep} run in a transaction of its own, then the
 * {@link jp.kyodo.crm.cases.ResponseTargetTick} fired. A city's sweep is one transaction per batch of at most
 * {@code kyodo.sla.sweep-batch} cases per stage (default 200), repeated while a batch comes back full. A failing city
 * is logged and does not stop the others. Several servers may run it at once: each claims its batches with
 * {@code FOR UPDATE SKIP LOCKED}, so they share a city's backlog, and each case is marked once per stage.
 */
@ApplicationScoped
public class SlaEscalationJob {

    private static final Logger LOG = Logger.getLogger(SlaEscalationJob.class.getName());

    @Inject
    @ConfigProperty(name = "kyodo.sla.sweep-seconds", defaultValue = "60")
    int sweepSeconds;
    @Inject
    CitySweeps sweeps;
    @Inject
    SlaSweep sweep;
    @Inject
    jakarta.enterprise.event.Event<jp.kyodo.crm.cases.ResponseTargetTick> tick;

    void onStart(@Observes Startup startup) {
        sweeps.everyActiveCity("response-target escalation", "kyodo.sla.sweep-seconds", sweepSeconds, city -> {
            // a batch per transaction (kyodo.sla.sweep-batch) until the city's backlog is done: another server's
            // sweep of the same city takes other batches meanwhile (SKIP LOCKED), so the servers share the work
            SlaSweep.Result r = sweep.sweepAlone();
            while (r.more()) {
                r = r.then(sweep.sweepAlone());
            }
            if (r.any()) {
                LOG.info("response targets of " + city.code() + ": " + r.warned() + " near (" + r.raised() + " raised), "
                        + r.breached() + " breached");
            }
            tick.fire(new jp.kyodo.crm.cases.ResponseTargetTick());
        });
    }
}
