package jp.kyodo.agents.concierge.internal;

import jp.kyodo.agents.retrieval.KnowledgeBases;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import jp.kyodo.agents.concierge.ConciergeService;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.CityDirectory;
import jp.kyodo.tenant.TenantContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A city's first question should not pay for building its knowledge index (reading the published knowledge, analysing
 * it, calibrating the confidence: seconds on an idle server, far longer under load). Shortly after start the server
 * builds, in the background and one city at a time, the indexes of up to {@code kyodo.knowledge.warm-up-cities}
 * active cities (default 50, never more than the open-index limit; 0 turns it off), those whose index was written most
 * recently first — the cities in use. Each city is bound as in a request ({@link TenantContext#runAs}), so row-level
 * security applies; a failing city is logged and skipped. A question arriving meanwhile waits only for its own city.
 */
@ApplicationScoped
public class KnowledgeWarmUp {

    private static final Logger LOG = Logger.getLogger(KnowledgeWarmUp.class.getName());

    @Inject
    @ConfigProperty(name = "kyodo.knowledge.warm-up-cities", defaultValue = "50")
    int limit;
    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService executor;
    @Inject
    CityDirectory cities;
    @Inject
    TenantContext tenant;
    @Inject
    KnowledgeBases bases;
    @Inject
    ConciergeService concierge;
    /** This bean through its proxy, so that {@link ActivateRequestContext} applies on the executor's thread. */
    @Inject
    KnowledgeWarmUp self;
    private volatile ScheduledFuture<?> scheduled;

    void onStart(@Observes Startup startup) {
        if (limit <= 0) {
            LOG.info("[kyodo] knowledge indexes are built at each city's first use (kyodo.knowledge.warm-up-cities=0)");
            return;
        }
        scheduled = executor.schedule(this::warmAll, 1, TimeUnit.SECONDS);
    }

    /** An application stopped within a second of its start (a redeployment) does not leave the warm-up behind. */
    @PreDestroy
    void stop() {
        ScheduledFuture<?> s = scheduled;
        if (s != null) {
            s.cancel(false);
        }
    }

    private void warmAll() {
        long start = System.nanoTime();
        try {
            bases.indexes().warmUp(); // the dictionaries every city's analysis shares, even before any city exists
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "[kyodo] knowledge warm-up: the analysis could not be loaded: " + e, e);
        }
        List<City> chosen;
        try {
            chosen = self.citiesToWarm();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "[kyodo] knowledge warm-up: cannot list the cities; indexes are built at first use: " + e, e);
            return;
        }
        int done = 0;
        for (City c : chosen) {
            try {
                self.warm(c);
                done++;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "[kyodo] knowledge warm-up of " + c.code() + " failed; built at its first use: " + e, e);
            }
        }
        LOG.info("[kyodo] knowledge warm-up: " + done + " of " + chosen.size() + " cities' indexes ready in "
                + (System.nanoTime() - start) / 1_000_000 + " ms");
    }

    /** The active cities to warm: most recently written index first, at most the limit and the open-index limit. */
    @ActivateRequestContext
    public List<City> citiesToWarm() {
        int max = Math.min(limit, bases.maxOpenIndexes());
        return cities.active().stream()
                .sorted(Comparator.comparingLong((City c) -> bases.lastWritten(c)).reversed().thenComparing(City::code))
                .limit(max).toList();
    }

    /** Builds one city's index (and its calibration) bound to that city, in a request context of its own. */
    @ActivateRequestContext
    public void warm(City city) {
        if (cities.active().stream().noneMatch(c -> c.id().equals(city.id()))) {
            return; // suspended or deleted since the list was made: nothing is built (or written) for it
        }
        tenant.runAs(city, () -> {
            bases.indexOf(city); // built here, outside any transaction: the embedding model may be remote
            return concierge.prepare();
        });
    }
}
