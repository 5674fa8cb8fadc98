package jp.kyodo.crm.cases.internal;

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
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.CityDirectory;
import jp.kyodo.tenant.TenantContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Escalation without anyone looking: every {@code kyodo.sla.sweep-seconds} (default 60; 0 turns it off) the job binds
 * each active city in turn ({@link TenantContext#runAs}, so row-level security applies as in a request) and runs
 * {@link SlaSweep} in a transaction of its own. A failing city is logged and does not stop the others. Several servers
 * may run it at once: the sweep's conditional updates mark each case once per stage.
 */
@ApplicationScoped
public class SlaEscalationJob {

    private static final Logger LOG = Logger.getLogger(SlaEscalationJob.class.getName());

    @Inject
    @ConfigProperty(name = "kyodo.sla.sweep-seconds", defaultValue = "60")
    int sweepSeconds;
    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService executor;
    @Inject
    CityDirectory cities;
    @Inject
    TenantContext tenant;
    @Inject
    SlaSweep sweep;
    @Inject
    jakarta.enterprise.event.Event<jp.kyodo.crm.cases.ResponseTargetTick> tick;
    /** This bean through its proxy, so that {@link ActivateRequestContext} applies on the executor's threads. */
    @Inject
    SlaEscalationJob self;

    private volatile ScheduledFuture<?> task;

    void onStart(@Observes Startup startup) {
        if (sweepSeconds <= 0) {
            LOG.info("response-target escalation runs on read only (kyodo.sla.sweep-seconds=" + sweepSeconds + ")");
            return;
        }
        task = executor.scheduleWithFixedDelay(this::sweepAll, sweepSeconds, sweepSeconds, TimeUnit.SECONDS);
        LOG.info("response-target escalation: every " + sweepSeconds + " s for every active city");
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
            LOG.log(Level.WARNING, "response-target sweep: cannot list the cities; next run retries: " + e, e);
            return;
        }
        for (City c : active) {
            try {
                SlaSweep.Result r = self.sweep(c);
                if (r.any()) {
                    LOG.info("response targets of " + c.code() + ": " + r.warned() + " near (" + r.raised() + " raised), "
                            + r.breached() + " breached");
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "response-target sweep of " + c.code() + " failed; next run retries: " + e, e);
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
    public SlaSweep.Result sweep(City city) {
        SlaSweep.Result r = tenant.runAs(city, sweep::sweepAlone);
        tenant.runAs(city, () -> {
            tick.fire(new jp.kyodo.crm.cases.ResponseTargetTick());
            return null;
        });
        return r;
    }
}
