package jp.kyodo.integration.internal;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import jp.kyodo.integration.connectors.Connector;
import jp.kyodo.integration.connectors.ConnectorSettings;
import jp.kyodo.integration.connectors.Partner;
import jp.kyodo.integration.mynaportal.ReceivedApplication;
import jp.kyodo.integration.mynaportal.ReceivedApplications;
import jp.kyodo.integration.mynaportal.internal.ListingWindows;
import jp.kyodo.integration.mynaportal.internal.MynaportalApi;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.CityDirectory;
import jp.kyodo.tenant.TenantContext;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Camel inside the one deployment. Camel 4 has no CDI module, so this application-scoped bean builds the
 * {@link CamelContext} when the application starts ({@code @Observes Startup}, after the database migrations), with
 * Liberty's managed threads, the route metrics, the error-handling route configuration and the routes, and stops it
 * in {@code @PreDestroy}. Two schedules on Liberty's managed scheduled executor drive the work:
 * <ul>
 *   <li>the outbox: every {@code kyodo.integration.outbox.poll-millis}, the cities with due rows each get a task that
 *       claims a batch ({@code FOR UPDATE SKIP LOCKED}, leased) and sends its rows through {@code outbox-deliver}
 *       in a few lanes at once (see {@link #dispatchCity});</li>
 *   <li>the pollers: every {@code kyodo.integration.poll.tick-seconds}, each city whose マイナポータル connector is on
 *       and due (its own interval) gets a task that lists the received 受付番号 and sends each one not yet received
 *       through {@code mynaportal-application}.</li>
 * </ul>
 */
@ApplicationScoped
public class IntegrationRuntime {

    private static final Logger LOG = Logger.getLogger(IntegrationRuntime.class.getName());

    @Inject IntegrationConfig config;
    @Inject TxRunner tx;
    @Inject OutboxStore outbox;
    @Inject ReceivedMessages received;
    @Inject DeadLetterStore deadLetters;
    @Inject ConnectorSettings connectors;
    @Inject PartnerClient client;
    @Inject MynaportalApi mynaportal;
    @Inject ReceivedApplications applications;
    @Inject jp.kyodo.crm.applications.DecidedApplications decided;
    @Inject jp.kyodo.tenant.audit.AuditLog audit;
    @Inject LgwanDropBox dropBox;
    @Inject TenantContext tenant;
    @Inject CityDirectory cities;
    @Inject CityWorkers workers;
    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService scheduler;
    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    ManagedThreadFactory threads;

    final String serverId = "kyodo-" + UUID.randomUUID().toString().substring(0, 8);
    private volatile CamelContext camel;
    private volatile ProducerTemplate producer;
    private volatile RouteMetrics metrics;
    private volatile java.util.concurrent.ExecutorService lanePool;
    private final List<ScheduledFuture<?>> schedules = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<UUID, Instant> lastPolled = new ConcurrentHashMap<>();
    private final ListingWindows listingWindows = new ListingWindows();
    private final java.util.concurrent.atomic.AtomicBoolean started = new java.util.concurrent.atomic.AtomicBoolean();

    void onStart(@Observes Startup startup) {
        if (!started.compareAndSet(false, true)) {
            return; // one context per application, whichever module's start event comes first
        }
        if (!config.enabled) {
            LOG.info("[kyodo] integration is off (kyodo.integration.enabled=false)");
            return;
        }
        try {
            DefaultCamelContext ctx = buildContext(threads);
            ctx.start();
            camel = ctx;
            producer = ctx.createProducerTemplate();
        } catch (Exception e) {
            throw new IllegalStateException("the integration routes could not start", e);
        }
        schedules.add(scheduler.scheduleWithFixedDelay(this::outboxTick, config.outboxPollMillis,
                config.outboxPollMillis, TimeUnit.MILLISECONDS));
        schedules.add(scheduler.scheduleWithFixedDelay(this::pollTick, config.pollTickSeconds,
                config.pollTickSeconds, TimeUnit.SECONDS));
        LOG.info("[kyodo] integration started (" + serverId + "): routes " + camel.getRoutes().stream()
                .map(r -> r.getRouteId()).collect(Collectors.joining(", ")));
    }

    /** The context with Liberty's managed threads, the route metrics, the error handling and the routes (not started). */
    DefaultCamelContext buildContext(ManagedThreadFactory managedThreads) throws Exception {
        DefaultCamelContext ctx = new DefaultCamelContext(); // built: its management strategy and executors exist
        ctx.getCamelContextExtension().setName("kyodo-integration");
        ctx.setApplicationContextClassLoader(IntegrationRuntime.class.getClassLoader());
        ctx.getExecutorServiceManager().setThreadPoolFactory(new ManagedThreadPools(managedThreads));
        metrics = new RouteMetrics(TelemetrySink.create());
        ctx.getManagementStrategy().addEventNotifier(metrics);
        ctx.addRoutes(new PartnerErrorHandling(config));
        ctx.addRoutes(new IntegrationRoutes(this));
        return ctx;
    }

    @PreDestroy
    void stop() {
        schedules.forEach(s -> s.cancel(false));
        if (lanePool != null) {
            lanePool.shutdown();
        }
        CamelContext c = camel;
        camel = null;
        if (c != null) {
            try {
                c.stop();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "integration stop: " + e, e);
            }
        }
    }

    /** Completed / failed exchanges per route since this server started. */
    public Map<String, long[]> routeCounts() {
        RouteMetrics m = metrics;
        return m == null ? Map.of() : m.snapshot();
    }

    /** The state of the current city's circuit breakers (CLOSED, OPEN, HALF_OPEN) per partner. */
    public jakarta.json.JsonObject breakers() {
        String code = tenant.city().code();
        var b = jakarta.json.Json.createObjectBuilder();
        for (Partner p : Partner.values()) {
            b.add(p.code(), client.breaker(code, p.code()).getState().name());
        }
        return b.build();
    }

    /** Exchanges in flight now per route on this server (Camel's inflight repository): messages being handled. */
    public Map<String, Integer> inflight() {
        CamelContext c = camel;
        if (c == null) {
            return Map.of();
        }
        Map<String, Integer> out = new java.util.TreeMap<>();
        c.getRoutes().forEach(r -> out.put(r.getRouteId(), c.getInflightRepository().size(r.getRouteId())));
        return out;
    }

    public boolean running() {
        return camel != null;
    }

    // ------------------------------------------------------------------ outbox

    private void outboxTick() {
        try {
            List<UUID> due = workers.unbound(outbox::dueCities);
            if (due.isEmpty()) {
                return;
            }
            Map<UUID, City> byId = workers.unbound(cities::active).stream()
                    .collect(Collectors.toMap(City::id, Function.identity()));
            for (UUID id : due) {
                City c = byId.get(id);
                if (c != null) {
                    workers.submit("outbox", c, this::dispatchCity);
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "outbox poll failed; the next one retries: " + e);
        }
    }

    /**
     * Claims and sends the bound city's due rows, batch after batch (the next claim at once), until none is due. A
     * claimed batch holds at most one row per (topic, key) — the head of its key — so its rows are sent in up to
     * {@code kyodo.integration.outbox.parallel} lanes at once, on threads bound to the same city; the batch's delivered
     * rows are marked SENT in one statement after all lanes are done, and only then is the next batch claimed, in the
     * same transaction as the marks (a key's next row can only be claimed once its head is no longer pending, so order
     * per key holds). A crash between a send and the mark repeats the send after the lease, with the same
     * Idempotency-Key.
     */
    private void dispatchCity() {
        City city = tenant.city();
        List<OutboxStore.Claimed> batch = outbox.claim(serverId, config.leaseSeconds, config.outboxBatch);
        for (int round = 0; !batch.isEmpty(); round++) {
            var connectors = new ConcurrentHashMap<Partner, java.util.Optional<Connector>>(); // read once per batch
            List<UUID> delivered = inLanes(city, "outbox", batch, rows -> deliver(rows, connectors));
            if (round + 1 >= 100 || camel == null) {
                outbox.sent(delivered);
                return;
            }
            // the marks and the next claim in one transaction
            batch = outbox.sentThenClaim(delivered, serverId, config.leaseSeconds, config.outboxBatch);
        }
    }

    /** Sends the rows one after the other through {@code outbox-deliver}; the ids of those it delivered or consumed. */
    private List<UUID> deliver(List<OutboxStore.Claimed> rows, Map<Partner, java.util.Optional<Connector>> connectors) {
        List<UUID> delivered = new java.util.ArrayList<>();
        for (OutboxStore.Claimed row : rows) {
            ProducerTemplate p = producer;
            if (p == null || camel == null) {
                break;
            }
            var ex = p.send(IntegrationRoutes.OUTBOX, e -> {
                e.setProperty(IntegrationRoutes.CONNECTORS, connectors);
                var m = e.getMessage();
                m.setBody(row.payload());
                m.setHeader(Headers.OUTBOX_ID, row.id());
                m.setHeader(Headers.TOPIC, row.topic());
                m.setHeader(Headers.KEY, row.key());
                m.setHeader(Headers.ATTEMPTS, row.attempts());
                m.setHeader(Headers.MESSAGE_ID, row.id().toString());
            });
            if (Boolean.TRUE.equals(ex.getProperty(IntegrationRoutes.DELIVERED, Boolean.class)) && ex.getException() == null) {
                delivered.add(row.id());
            }
        }
        return delivered;
    }

    /**
     * Runs {@code work} over the items in up to {@code kyodo.integration.outbox.parallel} lanes at once: the first on
     * this thread, the others on lane threads bound to the same city; waits for all and returns what they returned. A
     * lane that fails is logged and contributes nothing (its items are left to their lease or the next poll).
     */
    private <T, R> List<R> inLanes(City city, String kind, List<T> items, Function<List<T>, List<R>> work) {
        int lanes = Math.min(Math.max(1, config.outboxParallel), items.size());
        if (lanes <= 1) {
            return work.apply(items);
        }
        List<List<T>> split = new java.util.ArrayList<>();
        for (int i = 0; i < lanes; i++) {
            split.add(new java.util.ArrayList<>());
        }
        for (int i = 0; i < items.size(); i++) {
            split.get(i % lanes).add(items.get(i));
        }
        List<java.util.concurrent.Future<List<R>>> others = new java.util.ArrayList<>();
        for (List<T> lane : split.subList(1, lanes)) {
            others.add(lanes().submit(() -> workers.asCity(city, "integration:" + kind, () -> work.apply(lane))));
        }
        List<R> out = new java.util.ArrayList<>(work.apply(split.get(0)));
        for (var f : others) {
            try {
                out.addAll(f.get());
            } catch (java.util.concurrent.ExecutionException e) {
                LOG.log(Level.WARNING, "a " + kind + " lane of " + city.code() + " failed: " + e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return out;
    }

    /**
     * Threads for a city's extra lanes (Liberty's managed thread factory). Unbounded as a pool, bounded in use: at most
     * {@code workers} city tasks run, each with at most {@code parallel - 1} extra lanes, so a slow city holds only its
     * own lanes and never waits for another city's.
     */
    private java.util.concurrent.ExecutorService lanes() {
        java.util.concurrent.ExecutorService l = lanePool;
        if (l == null) {
            synchronized (this) {
                if (lanePool == null) {
                    lanePool = java.util.concurrent.Executors.newCachedThreadPool(threads);
                }
                l = lanePool;
            }
        }
        return l;
    }

    // ------------------------------------------------------------------ pollers

    private void pollTick() {
        try {
            List<UUID> myna = workers.unbound(() -> outbox.citiesWithConnector(Partner.MYNAPORTAL.code()));
            List<UUID> lgwan = workers.unbound(() -> outbox.citiesWithConnector(Partner.CHILD_ALLOWANCE_LGWAN.code()));
            if (myna.isEmpty() && lgwan.isEmpty()) {
                return;
            }
            Map<UUID, City> byId = workers.unbound(cities::active).stream()
                    .collect(Collectors.toMap(City::id, Function.identity()));
            for (UUID id : myna) {
                City c = byId.get(id);
                if (c != null) {
                    workers.submit("mynaportal", c, this::pollMynaportal);
                }
            }
            for (UUID id : lgwan) {
                City c = byId.get(id);
                if (c != null) {
                    workers.submit("lgwan", c, this::pollLgwanResults);
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "poll failed; the next one retries: " + e);
        }
    }

    /**
     * Takes the bound city's result files from the LGWAN drop box, each through its route; a file is removed once its
     * transaction has committed (or it was received before), so a crash in between only repeats a duplicate.
     */
    private void pollLgwanResults() {
        City city = tenant.city();
        ProducerTemplate p = producer;
        if (p == null || connectors.connector(Partner.CHILD_ALLOWANCE_LGWAN).filter(Connector::enabled).isEmpty()) {
            return;
        }
        List<LgwanDropBox.Result> results;
        try {
            results = dropBox.results(city.code(), config.outboxBatch);
        } catch (RuntimeException e) {
            LOG.info("LGWAN results for " + city.code() + " cannot be read; the next poll retries: " + IntegrationRoutes.reason(e));
            return;
        }
        for (LgwanDropBox.Result r : results) {
            var ex = p.send(IntegrationRoutes.LGWAN_RESULT, e -> {
                e.getMessage().setBody(r.body());
                e.getMessage().setHeader(Headers.MESSAGE_ID, r.name());
                e.getMessage().setHeader(Headers.PARTNER, Partner.CHILD_ALLOWANCE_LGWAN.code());
            });
            if (!"later".equals(ex.getMessage().getHeader(Headers.OUTCOME, "duplicate", String.class))) {
                dropBox.remove(city.code(), r.name());
            }
        }
    }

    /** Lists the bound city's received applications and sends each one not yet received into its route. */
    private void pollMynaportal() {
        City city = tenant.city();
        Connector c = connectors.connector(Partner.MYNAPORTAL).filter(Connector::enabled).orElse(null);
        if (c == null) {
            return;
        }
        if (!due(lastPolled.get(city.id()), c.pollSeconds(), config.pollTickSeconds, Instant.now())) {
            return;
        }
        Instant started = Instant.now();
        lastPolled.put(city.id(), started);
        // the listing starts at the city's watermark minus the overlap, or covers the whole look-back window when a
        // full listing is due (ListingWindows); the idempotent consumer guards every number either way
        ListingWindows.Listing window = listingWindows.next(city.id(), LocalDate.now(), started,
                config.mynaportalLookbackDays, config.mynaportalOverlapDays, config.mynaportalFullListingSeconds);
        Map<String, LocalDate> receivedOn = new java.util.LinkedHashMap<>();
        try {
            for (MynaportalApi.Listed l : mynaportal.list(city.code(), c, window.from(), window.to())) {
                receivedOn.putIfAbsent(l.receiptNumber(), l.receivedOn());
            }
        } catch (RuntimeException e) {
            LOG.info("マイナポータル list for " + city.code() + " failed; the next poll retries: " + IntegrationRoutes.reason(e));
            return;
        }
        // each 受付番号 once; those received already or parked as a dead letter (a retry from the dead-letter view
        // brings it back) are left out with two statements for the whole listing, the others go in lanes
        // (independent applications; the idempotent consumer still keeps each to one case, also across servers)
        java.util.Set<String> fresh = new java.util.LinkedHashSet<>(receivedOn.keySet());
        fresh.removeAll(received.received(Partner.MYNAPORTAL.code(), fresh));
        fresh.removeAll(deadLetters.parked(Partner.MYNAPORTAL.code(), fresh));
        Map<Partner, java.util.Optional<Connector>> listed = new ConcurrentHashMap<>(
                Map.of(Partner.MYNAPORTAL, java.util.Optional.of(c))); // as read for this poll, not again per number
        inLanes(city, "mynaportal", List.copyOf(fresh), lane -> {
            List<ReceivedApplication> fetched = new java.util.ArrayList<>();
            for (String number : lane) {
                receiveApplication(number, listed, fetched);
                if (fetched.size() >= STORE_TOGETHER) {
                    storeAll(fetched);
                    fetched.clear();
                }
            }
            storeAll(fetched);
            return List.<Void>of();
        });
        // what this poll could not take (the partner or the database failed for it) keeps the window open at its date
        List<LocalDate> notTaken = List.of();
        if (!fresh.isEmpty()) {
            java.util.Set<String> left = new java.util.HashSet<>(fresh);
            left.removeAll(received.received(Partner.MYNAPORTAL.code(), left));
            left.removeAll(deadLetters.parked(Partner.MYNAPORTAL.code(), left));
            notTaken = left.stream().map(receivedOn::get).toList();
        }
        listingWindows.done(city.id(), window, started, notTaken);
    }

    /**
     * Whether a city last polled at {@code last} is due at {@code now} for its interval of {@code pollSeconds}, give or
     * take half a tick: the ticks come every {@code tickSeconds} after the previous one ended, so a strict check skipped
     * a city polled a moment less than its interval ago, and its interval became one or two ticks at random (a 1 s
     * interval with a 1 s tick polled every 1–2 s).
     */
    static boolean due(Instant last, int pollSeconds, int tickSeconds, Instant now) {
        return last == null || !last.plusSeconds(pollSeconds).minusMillis(Math.max(0, tickSeconds) * 500L).isAfter(now);
    }

    /** Sends one 受付番号 of the bound city through the inbound route (the poller, and a dead letter's retry). */
    public String receiveApplication(String receiptNumber) {
        return receiveApplication(receiptNumber, null, null);
    }

    /**
     * Stores a lane's fetched applications in one transaction ({@code mynaportal-store-all}); if that fails, each one
     * goes through the whole inbound route on its own (fetched again, stored in its own transaction, a poison message
     * to the dead letters), so one bad application never holds back the others.
     */
    private void storeAll(List<ReceivedApplication> fetched) {
        ProducerTemplate p = producer;
        if (fetched.isEmpty() || p == null) {
            return;
        }
        // in 受付番号 order: two servers storing overlapping listings take the unique keys in the same order
        List<ReceivedApplication> sorted = fetched.stream()
                .sorted(java.util.Comparator.comparing(ReceivedApplication::receiptNumber)).toList();
        // one lane of a city stores at a time (the others keep fetching): every such transaction takes the city's
        // reception-number counter row, so lanes storing at once only held pool connections while they queued on it
        org.apache.camel.Exchange ex;
        synchronized (storing.computeIfAbsent(tenant.city().id(), k -> new Object())) {
            ex = p.send(IntegrationRoutes.MYNAPORTAL_STORE_ALL, e -> e.getMessage().setBody(sorted));
        }
        if (ex.getException() != null && transientDatabase(ex.getException())) {
            // no connection in time (a small pool, many lanes): nothing was recorded, and storing the applications one
            // by one would fetch each again and ask for 25 more connections; the next poll lists them again
            LOG.info(fetched.size() + " マイナポータル applications of " + tenant.city().code() + " were not stored; the next "
                    + "poll receives them: " + IntegrationRoutes.reason(ex.getException()));
        } else if (ex.getException() != null) {
            LOG.info(fetched.size() + " マイナポータル applications of " + tenant.city().code() + " could not be stored "
                    + "together, now one by one: " + IntegrationRoutes.reason(ex.getException()));
            fetched.forEach(a -> receiveApplication(a.receiptNumber()));
        }
    }

    /** Per city, what a lane holds while it stores a batch of received applications. */
    private final Map<UUID, Object> storing = new ConcurrentHashMap<>();

    /** Whether the failure is the database's transient one (e.g. the pool gave no connection in time). */
    static boolean transientDatabase(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLTransientException) {
                return true;
            }
        }
        return false;
    }

    /** Applications stored in one transaction by the poller (the city's reception number counter is taken once). */
    static final int STORE_TOGETHER = 25;

    private String receiveApplication(String receiptNumber, Map<Partner, java.util.Optional<Connector>> connectors,
                                      List<ReceivedApplication> collect) {
        ProducerTemplate p = producer;
        if (p == null) {
            throw new IllegalStateException("integration is not running");
        }
        var ex = p.send(IntegrationRoutes.MYNAPORTAL, e -> {
            if (connectors != null) {
                e.setProperty(IntegrationRoutes.CONNECTORS, connectors);
            }
            if (collect != null) {
                e.setProperty(IntegrationRoutes.COLLECT, collect);
            }
            e.getMessage().setBody(receiptNumber);
            e.getMessage().setHeader(Headers.MESSAGE_ID, receiptNumber);
            e.getMessage().setHeader(Headers.PARTNER, Partner.MYNAPORTAL.code());
        });
        return ex.getMessage().getHeader(Headers.OUTCOME, "duplicate", String.class);
    }
}
