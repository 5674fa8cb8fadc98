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
 * Sizes: {@code bench.threads} (8), {@code bench.warmup} (1500 per target), {@code bench.rounds} (10),
 * {@code bench.requests} (500 per target and round), {@code bench.tx-requests} (300 per target). Besides the pooled
 * figures it prints each target's ratios per round (against the reference of the same round): their median and
 * spread, so that two runs on a shared machine can be compared.
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
        int rounds = Integer.getInteger("bench.rounds", 10);
        int requests = Integer.getInteger("bench.requests", 500);
        int txRequests = Integer.getInteger("bench.tx-requests", 300);
        try (TestCity a = TestCity.create("401005"); TestCity b = TestCity.create("271004")) {
            OneServer server = new OneServer(a);
            assertTrue(server.referenceOn(), "the reference endpoint is off: run through bench/one-server");
            Map<String, IntSupplier> targets = server.targets(true);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                for (var t : targets.entrySet()) {
                    block(pool, threads, warmup, t.getValue(), Collections.synchronizedList(new ArrayList<>()));
                }
                // the staff pages (bench.staff): in the solo windows only, the rounds stay those of item 0
                Map<String, IntSupplier> soloTargets = new LinkedHashMap<>(targets);
                if (Boolean.getBoolean("bench.staff")) {
                    Map<String, IntSupplier> staff = server.staffTargets(Platform.base(),
                            Integer.getInteger("bench.staff.cases", 40), Integer.getInteger("bench.staff.applications", 40));
                    for (var t : staff.entrySet()) {
                        block(pool, threads, Math.min(warmup, 500), t.getValue(), Collections.synchronizedList(new ArrayList<>()));
                    }
                    soloTargets.putAll(staff);
                }
                solo(pool, threads, soloTargets);
                Map<String, List<Long>> latencies = new LinkedHashMap<>();
                Map<String, Long> wall = new LinkedHashMap<>();
                Map<String, Integer> errors = new LinkedHashMap<>();
                targets.keySet().forEach(k -> {
                    latencies.put(k, Collections.synchronizedList(new ArrayList<>()));
                    wall.put(k, 0L);
                    errors.put(k, 0);
                });
                List<String> order = new ArrayList<>(targets.keySet());
                Map<String, List<double[]>> perRound = new LinkedHashMap<>();
                targets.keySet().forEach(k -> perRound.put(k, new ArrayList<>()));
                String loadBefore = loadAverage();
                for (int r = 0; r < rounds; r++) {
                    server.refreshToken();
                    Map<String, double[]> round = new LinkedHashMap<>();
                    for (String k : order) {
                        List<Long> these = Collections.synchronizedList(new ArrayList<>());
                        long t0 = System.nanoTime();
                        int failed = block(pool, threads, requests, targets.get(k), these);
                        long took = System.nanoTime() - t0;
                        wall.merge(k, took, Long::sum);
                        errors.merge(k, failed, Integer::sum);
                        latencies.get(k).addAll(these);
                        round.put(k, new double[] {rate(these, took), pct(these, 99)});
                    }
                    // each target against the reference of the same round (a round is seconds long: the machine's
                    // other load changes little within it, much between rounds)
                    double[] ref = round.get(OneServer.REFERENCE);
                    round.forEach((k, v) -> perRound.get(k).add(new double[] {v[0] / ref[0], v[1] / ref[1]}));
                    Collections.reverse(order); // A B C D, D C B A, …: drift touches every target alike
                }
                String loadAfter = loadAverage();
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
                printRounds(perRound, loadBefore, loadAfter);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /**
     * For a profiler and for CPU per request: with {@code bench.solo} set to target names (comma-separated), each of
     * those targets alone for {@code bench.solo.seconds} (60) after the warm-up, one after the other; each window is
     * printed as instants ("SOLO …"), so that a recording of the server (JFR) can be cut to one target's samples,
     * with the CPU time per request of the server's JVM, of PostgreSQL (the postmaster of {@code KYODO_DB_PORT} and its
     * backends) and of this client JVM over the window (from the operating system's per-process counters, which the
     * other processes of a shared machine do not add to). Off by default.
     */
    static void solo(ExecutorService pool, int threads, Map<String, IntSupplier> targets) throws Exception {
        List<String> names = new ArrayList<>();
        for (String name : System.getProperty("bench.solo", "").split(",")) {
            if (name.strip().equals("staff")) { // every staff page (bench.staff)
                targets.keySet().stream().filter(k -> k.startsWith("staff: ")).forEach(names::add);
            } else if (targets.containsKey(name.strip())) {
                names.add(name.strip());
            }
        }
        for (String name : names) {
            long until = System.nanoTime() + Long.getLong("bench.solo.seconds", 60) * 1_000_000_000L;
            java.time.Instant from = java.time.Instant.now();
            double[] cpu0 = Cpu.now();
            long t0 = System.nanoTime();
            int requests = 0;
            int failed = 0;
            while (System.nanoTime() < until) {
                failed += block(pool, threads, 500, targets.get(name), Collections.synchronizedList(new ArrayList<>()));
                requests += 500;
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            double[] cpu1 = Cpu.now();
            System.out.println(String.format(Locale.ROOT, "SOLO %s from %s to %s: %d requests, %d not 200, %.1f req/s; "
                    + "CPU ms per request: server %.3f, postgres %.3f, client %.3f; load average %s", name, from,
                    java.time.Instant.now(), requests, failed, requests / seconds, (cpu1[0] - cpu0[0]) / requests,
                    (cpu1[1] - cpu0[1]) / requests, (cpu1[2] - cpu0[2]) / requests, loadAverage()));
        }
    }

    /** CPU time (ms) so far of the server's JVM, the test PostgreSQL (postmaster and backends) and this JVM. */
    static final class Cpu {
        static double[] now() {
            return new double[] {ms(server().stream()), ms(postgres().stream().flatMap(p -> java.util.stream.Stream.concat(
                    java.util.stream.Stream.of(p), p.children()))), ms(java.util.stream.Stream.of(ProcessHandle.current()))};
        }

        private static double ms(java.util.stream.Stream<ProcessHandle> processes) {
            return processes.mapToDouble(p -> p.info().totalCpuDuration().map(d -> d.toNanos() / 1e6).orElse(0.0)).sum();
        }

        /** The Liberty JVM of {@code kyodo.it.server.dir}: its command line names that server and its installation. */
        static java.util.Optional<ProcessHandle> server() {
            String dir = System.getProperty("kyodo.it.server.dir");
            if (dir == null) {
                return java.util.Optional.empty();
            }
            java.nio.file.Path server = java.nio.file.Path.of(dir);
            String name = server.getFileName().toString();
            String wlp = server.getParent().getParent().getParent().toString();
            return ProcessHandle.allProcesses().filter(h -> h.info().commandLine()
                    .map(c -> c.contains(wlp) && c.contains(name)).orElse(false)).findFirst();
        }

        /**
         * The Keycloak JVM of {@code KYODO_KEYCLOAK_URL}: its command line names Keycloak's home ({@code kc.home.dir})
         * and the URL's port ({@code --http-port=<port>}).
         */
        static java.util.Optional<ProcessHandle> keycloak() {
            int port = java.net.URI.create(Platform.keycloak()).getPort();
            return ProcessHandle.allProcesses().filter(h -> h.info().commandLine()
                    .map(c -> c.contains("kc.home.dir") && c.contains("--http-port=" + port)).orElse(false)).findFirst();
        }

        /**
         * Each process's CPU time (ms) now, by process id, with its group: {@code server} (the Liberty JVM),
         * {@code keycloak} (its JVM), {@code postgres <database>} for a PostgreSQL backend (its title, {@code postgres:
         * <user> <database> …}), {@code postgres} for the postmaster and its other processes (checkpointer, WAL writer,
         * autovacuum …), {@code client} (this JVM). Two snapshots subtracted per process ({@link #between}) count a
         * backend started in between whole and lose one that ended (its CPU time goes with it; the pools keep theirs).
         */
        static Map<Long, Map.Entry<String, Double>> snapshot() {
            Map<Long, Map.Entry<String, Double>> s = new LinkedHashMap<>();
            server().ifPresent(p -> s.put(p.pid(), Map.entry("server", ms(java.util.stream.Stream.of(p)))));
            keycloak().ifPresent(p -> s.put(p.pid(), Map.entry("keycloak", ms(java.util.stream.Stream.of(p)))));
            postgres().ifPresent(pm -> {
                s.put(pm.pid(), Map.entry("postgres", ms(java.util.stream.Stream.of(pm))));
                pm.children().forEach(c -> s.put(c.pid(), Map.entry(postgresGroup(c.pid()), ms(java.util.stream.Stream.of(c)))));
            });
            s.put(ProcessHandle.current().pid(), Map.entry("client", ms(java.util.stream.Stream.of(ProcessHandle.current()))));
            return s;
        }

        /** CPU ms per group between two snapshots, per process; "ended" counts the processes gone in between. */
        static Map<String, Double> between(Map<Long, Map.Entry<String, Double>> before, Map<Long, Map.Entry<String, Double>> after) {
            Map<String, Double> d = new java.util.TreeMap<>();
            after.forEach((pid, e) -> {
                var was = before.get(pid);
                d.merge(e.getKey(), e.getValue() - (was == null ? 0.0 : was.getValue()), Double::sum);
            });
            d.put("ended", (double) before.keySet().stream().filter(pid -> !after.containsKey(pid)).count());
            return d;
        }

        /** {@code postgres <database>} from a backend's process title, {@code postgres} for the others. */
        private static String postgresGroup(long pid) {
            try {
                String title = new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/" + pid + "/cmdline")),
                        java.nio.charset.StandardCharsets.UTF_8).replace('\0', ' ').strip();
                String[] w = title.split("\\s+");
                // "postgres: <user> <database> <host(port)> <state>" for a backend; background processes have no host
                return w.length >= 4 && w[0].equals("postgres:") && (w[3].contains("(") || w[3].equals("[local]")) ? "postgres " + w[2] : "postgres";
            } catch (java.io.IOException | RuntimeException e) {
                return "postgres";
            }
        }

        /** The postmaster listening on {@code KYODO_DB_PORT} ({@code postgres … -p <port>}). */
        static java.util.Optional<ProcessHandle> postgres() {
            String port = Platform.env("KYODO_DB_PORT", "55433");
            return ProcessHandle.allProcesses().filter(h -> h.info().command().map(c -> c.endsWith("/postgres")).orElse(false)
                    && h.info().commandLine().map(c -> (c + " ").contains(" -p " + port + " ")).orElse(false)).findFirst();
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

    /**
     * The ratios of each round (a target's throughput and p99 over the reference's in the same round): median, the
     * middle half and the extremes. A before/after pair is to be believed when the middle halves do not overlap.
     */
    private static void printRounds(Map<String, List<double[]>> perRound, String loadBefore, String loadAfter) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "RESULT one-server per round: ratio to the reference of the same round, "
                + "median [p25-p75] (min-max) over %d rounds; load average before: %s; after: %s%n",
                perRound.values().iterator().next().size(), loadBefore, loadAfter));
        b.append(String.format(Locale.ROOT, "  %-24s %-32s %-32s%n", "target", "throughput ratio", "p99 ratio"));
        for (var e : perRound.entrySet()) {
            if (e.getKey().equals(OneServer.REFERENCE)) {
                continue;
            }
            b.append(String.format(Locale.ROOT, "  %-24s %-32s %-32s%n", e.getKey(), spread(e.getValue(), 0),
                    spread(e.getValue(), 1)));
        }
        System.out.println(b);
    }

    static String spread(List<double[]> rounds, int i) {
        List<Double> v = new ArrayList<>(rounds.stream().map(r -> r[i]).sorted().toList());
        return String.format(Locale.ROOT, "%.2f [%.2f-%.2f] (%.2f-%.2f)", quantile(v, 0.5), quantile(v, 0.25),
                quantile(v, 0.75), v.get(0), v.get(v.size() - 1));
    }

    /** Linear interpolation between the closest ranks of a sorted list. */
    static double quantile(List<Double> sorted, double q) {
        double pos = q * (sorted.size() - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.size() - 1);
        return sorted.get(lo) + (pos - lo) * (sorted.get(hi) - sorted.get(lo));
    }

    /** The machine's load average (1, 5, 15 min) from /proc/loadavg, or "unknown". */
    static String loadAverage() {
        try {
            String[] f = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
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
