package jp.kyodo.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.function.IntSupplier;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Benchmark of issue 15 item 0, "one server close to its floor" (not an IT: run by {@code bench/one-server}, which
 * selects it with -Dit.test and switches the reference endpoint on). In ONE run against one Liberty: the reference
 * endpoint (one JAX-RS resource, one indexed query under the tenant binding), the city home, a signed-in page and
 * {@code GET /api/v1/me/profile}, interleaved in rounds with {@code bench.threads} client threads; prints throughput
 * and p99 of each as a ratio to the reference, and the database transactions per request ({@link DbTransactions}).
 * Sizes: {@code bench.threads} (8), {@code bench.warmup} (1500 per target), {@code bench.rounds} (6),
 * {@code bench.requests} (1000 per target and round), {@code bench.tx-requests} (300 per target).
 */
@ExtendWith(ArquillianExtension.class)
class OneServerBenchmark {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Platform.application();
    }

    @Test
    void bench() throws Exception {
        int threads = Integer.getInteger("bench.threads", 8);
        int warmup = Integer.getInteger("bench.warmup", 1500);
        int rounds = Integer.getInteger("bench.rounds", 6);
        int requests = Integer.getInteger("bench.requests", 1000);
        int txRequests = Integer.getInteger("bench.tx-requests", 300);
        try (TestCity a = TestCity.create("401005"); TestCity b = TestCity.create("271004")) {
            OneServer server = new OneServer(a);
            assertTrue(server.referenceOn(), "the reference endpoint is off: run through bench/one-server");
            Map<String, IntSupplier> targets = server.targets(true);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                for (var t : targets.entrySet()) {
                    block(pool, threads, warmup, t.getValue(), new ArrayList<>());
                }
                Map<String, List<Long>> latencies = new LinkedHashMap<>();
                Map<String, Long> wall = new LinkedHashMap<>();
                Map<String, Integer> errors = new LinkedHashMap<>();
                targets.keySet().forEach(k -> {
                    latencies.put(k, Collections.synchronizedList(new ArrayList<>()));
                    wall.put(k, 0L);
                    errors.put(k, 0);
                });
                List<String> order = new ArrayList<>(targets.keySet());
                for (int r = 0; r < rounds; r++) {
                    server.refreshToken();
                    for (String k : order) {
                        long t0 = System.nanoTime();
                        int failed = block(pool, threads, requests, targets.get(k), latencies.get(k));
                        wall.merge(k, System.nanoTime() - t0, Long::sum);
                        errors.merge(k, failed, Integer::sum);
                    }
                    Collections.reverse(order); // A B C D, D C B A, …: drift touches every target alike
                }
                server.refreshToken();
                DbTransactions tx = new DbTransactions();
                Map<String, Double> perRequest = new LinkedHashMap<>();
                double idle;
                try {
                    idle = tx.idleRate(3_000);
                    for (var t : targets.entrySet()) {
                        perRequest.put(t.getKey(), tx.perRequest(txRequests, t.getValue()));
                    }
                } finally {
                    tx.close();
                }
                print(threads, warmup, rounds, requests, txRequests, idle, latencies, wall, errors, perRequest);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** {@code n} requests over {@code threads} threads; latencies (ns) added; the number of non-200 answers. */
    static int block(ExecutorService pool, int threads, int n, IntSupplier request, List<Long> latencies)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            running.add(pool.submit(() -> {
                while (next.getAndIncrement() < n) {
                    long t0 = System.nanoTime();
                    int status;
                    try {
                        status = request.getAsInt();
                    } catch (RuntimeException e) {
                        status = -1;
                    }
                    latencies.add(System.nanoTime() - t0);
                    if (status != 200) {
                        failed.incrementAndGet();
                    }
                }
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        return failed.get();
    }

    private static void print(int threads, int warmup, int rounds, int requests, int txRequests, double idle,
                              Map<String, List<Long>> latencies, Map<String, Long> wall, Map<String, Integer> errors,
                              Map<String, Double> perRequest) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "RESULT one-server: %d client threads, %d interleaved rounds x %d requests per "
                + "target, after %d warm-up requests each; transactions over %d requests per target (background %.1f/s "
                + "taken off)%n", threads, rounds, requests, warmup, txRequests, idle));
        b.append(String.format(Locale.ROOT, "  %-24s %8s %7s %8s %8s %8s %10s %10s %12s%n", "target", "requests", "errors",
                "req/s", "p50 ms", "p99 ms", "thr ratio", "p99 ratio", "tx/request"));
        String ref = OneServer.REFERENCE;
        double refRate = rate(latencies.get(ref), wall.get(ref));
        double refP99 = pct(latencies.get(ref), 99);
        for (String k : latencies.keySet()) {
            double rate = rate(latencies.get(k), wall.get(k));
            double p99 = pct(latencies.get(k), 99);
            b.append(String.format(Locale.ROOT, "  %-24s %8d %7d %8.1f %8.2f %8.2f %10.2f %10.2f %12.2f%n", k,
                    latencies.get(k).size(), errors.get(k), rate, pct(latencies.get(k), 50), p99, rate / refRate,
                    p99 / refP99, perRequest.get(k)));
        }
        b.append("  targets: throughput ratio >= 0.5, p99 ratio <= 3, tx/request <= 1 (issue 15, item 0)");
        System.out.println(b);
    }

    static double rate(List<Long> latencies, long wallNanos) {
        return latencies.size() / (wallNanos / 1e9);
    }

    static double pct(List<Long> nanos, double p) {
        List<Long> s = new ArrayList<>(nanos);
        Collections.sort(s);
        if (s.isEmpty()) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * s.size()) - 1;
        return s.get(Math.max(0, Math.min(i, s.size() - 1))) / 1e6;
    }
}
