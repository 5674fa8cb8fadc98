package jp.kyodo.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Benchmark of issue 15, "one server vs two servers behind the balancer" (not an IT: run by {@code bench/two-servers},
 * which selects it with -Dit.test). In ONE run: server A is the test server Arquillian deploys to, server B a second
 * Liberty of the same installation started as {@link TwoServersIT} starts it ({@link TwoServersIT.SecondServer}), and
 * {@link TwoServersIT.LoopbackBalancer} spreads connections over both. The same mixed workload ({@link OneServer}'s
 * city home, signed-in page and {@code GET /api/v1/me/profile}) is sent with {@code bench.threads} client threads to A
 * directly ("one") and to the balancer ("two"), interleaved in rounds (one-two, two-one, …) so that drift of the shared
 * machine touches both alike; B runs during the "one" blocks too (idle but for its background workers). Prints a
 * "RESULT two-servers" table: throughput and p95 per part for one and for two, and the ratios two/one.
 * <p>
 * On a machine with 2 cores both servers share the same CPUs (with PostgreSQL, Keycloak and this client), so the ratio
 * shows the overhead of the balancer and the shared page-session store, not the gain of a second machine.
 * <p>
 * Then the failover figure: the mixed workload through the balancer, B killed with kill -9 a third of the way
 * ({@link TwoServersIT.SecondServer#kill9}): requests failed, the last failure after the kill, maximum latency.
 * Sizes: {@code bench.threads} (8), {@code bench.warmup} (300 per part and side), {@code bench.rounds} (4),
 * {@code bench.requests} (300 per part, side and round), {@code bench.failover-requests} (1500; 0 skips it).
 */
@ExtendWith(ArquillianExtension.class)
class TwoServersBenchmark {

    static final String ONE = "one";
    static final String TWO = "two";

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Platform.application();
    }

    @Test
    void bench() throws Exception {
        int threads = Integer.getInteger("bench.threads", 8);
        int warmup = Integer.getInteger("bench.warmup", 300);
        int rounds = Integer.getInteger("bench.rounds", 4);
        int requests = Integer.getInteger("bench.requests", 300);
        int failoverRequests = Integer.getInteger("bench.failover-requests", 1500);
        // the city before server B starts: B reads the city registry when it starts (TwoServersIT)
        try (TestCity city = TestCity.create("401005")) {
            OneServer session = new OneServer(city);
            TwoServersIT.SecondServer serverB = TwoServersIT.SecondServer.start(
                    Integer.getInteger("it.http2.port", 9082), Integer.getInteger("it.https2.port", 9445));
            try (TwoServersIT.LoopbackBalancer lb = new TwoServersIT.LoopbackBalancer(Integer.getInteger("it.balancer.port", 9089),
                    List.of(Platform.env("KYODO_HTTP_PORT", "9081"), String.valueOf(serverB.httpPort)))) {
                String balancer = "http://localhost:" + lb.port;
                Map<String, Map<String, IntSupplier>> sides = new LinkedHashMap<>();
                sides.put(ONE, session.targets(false, Platform.base()));
                sides.put(TWO, session.targets(false, balancer));
                String loadBefore = loadAverage();
                ExecutorService pool = Executors.newFixedThreadPool(threads);
                try {
                    for (var side : sides.values()) {
                        for (IntSupplier t : side.values()) {
                            OneServerBenchmark.block(pool, threads, warmup, t, new ArrayList<>());
                        }
                    }
                    Map<String, List<Long>> latencies = new LinkedHashMap<>();
                    Map<String, Long> wall = new LinkedHashMap<>();
                    Map<String, Integer> errors = new LinkedHashMap<>();
                    for (String s : sides.keySet()) {
                        for (String part : sides.get(s).keySet()) {
                            latencies.put(key(s, part), Collections.synchronizedList(new ArrayList<>()));
                            wall.put(key(s, part), 0L);
                            errors.put(key(s, part), 0);
                        }
                    }
                    List<String> order = new ArrayList<>(sides.keySet());
                    for (int r = 0; r < rounds; r++) {
                        session.refreshToken();
                        for (String s : order) {
                            for (var part : sides.get(s).entrySet()) {
                                String k = key(s, part.getKey());
                                long t0 = System.nanoTime();
                                int failed = OneServerBenchmark.block(pool, threads, requests, part.getValue(), latencies.get(k));
                                wall.merge(k, System.nanoTime() - t0, Long::sum);
                                errors.merge(k, failed, Integer::sum);
                            }
                        }
                        Collections.reverse(order); // one two, two one, …
                    }
                    String loadAfter = loadAverage();
                    print(threads, warmup, rounds, requests, loadBefore, loadAfter, new ArrayList<>(sides.get(ONE).keySet()),
                            latencies, wall, errors, lb.served(0), lb.served(1));
                    if (failoverRequests > 0) {
                        session.refreshToken();
                        failover(pool, threads, failoverRequests, new ArrayList<>(sides.get(TWO).values()), serverB, lb);
                    }
                } finally {
                    pool.shutdownNow();
                }
            } finally {
                serverB.close();
            }
        }
    }

    private static String key(String side, String part) {
        return side + " " + part;
    }

    /**
     * The mixed workload through the balancer (the parts in turn), {@code n} requests over {@code threads} threads; B is
     * killed with kill -9 after a third of them. Prints what failed, when the last failure came, and the latencies.
     */
    private static void failover(ExecutorService pool, int threads, int n, List<IntSupplier> parts,
                                 TwoServersIT.SecondServer serverB, TwoServersIT.LoopbackBalancer lb) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicInteger failedBefore = new AtomicInteger();
        AtomicInteger failedAfter = new AtomicInteger();
        AtomicLong killedAt = new AtomicLong(Long.MAX_VALUE);
        AtomicLong lastFailureAt = new AtomicLong();
        AtomicLong maxNanos = new AtomicLong();
        List<Long> afterKill = Collections.synchronizedList(new ArrayList<>());
        List<Future<?>> running = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < threads; i++) {
            running.add(pool.submit(() -> {
                for (int r; (r = next.getAndIncrement()) < n; ) {
                    long t0 = System.nanoTime();
                    int status;
                    try {
                        status = parts.get(r % parts.size()).getAsInt();
                    } catch (RuntimeException e) {
                        status = -1;
                    }
                    long t1 = System.nanoTime();
                    maxNanos.accumulateAndGet(t1 - t0, Math::max);
                    boolean after = t0 >= killedAt.get();
                    if (after) {
                        afterKill.add(t1 - t0);
                    }
                    if (status != 200) {
                        (t1 >= killedAt.get() ? failedAfter : failedBefore).incrementAndGet();
                        lastFailureAt.accumulateAndGet(t1, Math::max);
                    }
                    done.incrementAndGet();
                }
            }));
        }
        long deadline = System.nanoTime() + 600_000_000_000L;
        while (done.get() < n / 3 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        int servedB = lb.served(1);
        int doneAtKill = done.get();
        killedAt.set(System.nanoTime());
        serverB.kill9();
        long killMs = (System.nanoTime() - killedAt.get()) / 1_000_000;
        for (Future<?> f : running) {
            f.get();
        }
        long end = System.nanoTime();
        long last = lastFailureAt.get();
        double afterSeconds = (end - killedAt.get()) / 1e9;
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "RESULT two-servers failover: %d requests of the mixed workload through the balancer"
                + " with %d client threads; server B killed with kill -9 after %d (it had taken %d connections in all; B's"
                + " process had ended %d ms after the signal)%n", n, threads, doneAtKill, servedB, killMs));
        b.append(String.format(Locale.ROOT, "  failed before the kill %d, after the kill %d (%.2f %% of all); last failure %s"
                + " after the kill%n", failedBefore.get(), failedAfter.get(), 100.0 * (failedBefore.get() + failedAfter.get()) / n,
                last == 0 || last < killedAt.get() ? "none" : String.format(Locale.ROOT, "%d ms", (last - killedAt.get()) / 1_000_000)));
        b.append(String.format(Locale.ROOT, "  after the kill (A alone): %d requests in %.1f s = %.1f req/s, p95 %.2f ms; max"
                + " latency of the whole run %.2f ms (run %.1f s)", afterKill.size(), afterSeconds, afterKill.size() / afterSeconds,
                OneServerBenchmark.pct(afterKill, 95), maxNanos.get() / 1e6, (end - start) / 1e9));
        System.out.println(b);
        assertTrue(afterKill.size() > 0, "requests were answered after the kill");
    }

    private static void print(int threads, int warmup, int rounds, int requests, String loadBefore, String loadAfter,
                              List<String> parts, Map<String, List<Long>> latencies, Map<String, Long> wall,
                              Map<String, Integer> errors, int servedA, int servedB) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "RESULT two-servers: %d client threads, %d interleaved rounds x %d requests per part"
                + " and side, after %d warm-up requests each; one = server A directly, two = the loopback balancer in front"
                + " of A and B (it gave A %d and B %d connections: the client's keep-alive connections, opened in the warm-up, each"
                + " relayed to one server for its life); load average before %s, after %s%n", threads, rounds,
                requests, warmup, servedA, servedB, loadBefore, loadAfter));
        b.append(String.format(Locale.ROOT, "  %-24s %7s %9s %9s %9s %9s %10s %10s%n", "part", "errors", "one req/s",
                "one p95", "two req/s", "two p95", "thr 2/1", "p95 2/1"));
        List<Long> allOne = new ArrayList<>();
        List<Long> allTwo = new ArrayList<>();
        long wallOne = 0;
        long wallTwo = 0;
        int errs = 0;
        for (String part : parts) {
            String one = key(ONE, part);
            String two = key(TWO, part);
            row(b, part, errors.get(one) + errors.get(two), latencies.get(one), wall.get(one), latencies.get(two), wall.get(two));
            allOne.addAll(latencies.get(one));
            allTwo.addAll(latencies.get(two));
            wallOne += wall.get(one);
            wallTwo += wall.get(two);
            errs += errors.get(one) + errors.get(two);
        }
        row(b, "mixed (all parts)", errs, allOne, wallOne, allTwo, wallTwo);
        b.append("  p95 in ms. On this machine both servers share the same 2 cores (with PostgreSQL, Keycloak and this client):"
                + " the ratio two/one shows the overhead of the balancer and the shared page-session store, not the gain of"
                + " a second machine");
        System.out.println(b);
    }

    private static void row(StringBuilder b, String part, int errors, List<Long> one, long wallOne, List<Long> two, long wallTwo) {
        double r1 = OneServerBenchmark.rate(one, wallOne);
        double r2 = OneServerBenchmark.rate(two, wallTwo);
        double p1 = OneServerBenchmark.pct(one, 95);
        double p2 = OneServerBenchmark.pct(two, 95);
        b.append(String.format(Locale.ROOT, "  %-24s %7d %9.1f %9.2f %9.1f %9.2f %10.2f %10.2f%n", part, errors, r1, p1, r2, p2,
                r2 / r1, p2 / p1));
    }

    /** The machine's load average (1, 5, 15 minutes), as uptime prints it. */
    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return "unknown";
        }
    }
}
