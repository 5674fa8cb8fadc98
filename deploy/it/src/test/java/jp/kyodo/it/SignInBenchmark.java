package jp.kyodo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A whole browser sign-in with a password, per process (not an IT: run by {@code bench/sign-in}, which selects it with
 * -Dit.test). Each sign-in is a new browser (a cookie jar of its own, every redirect followed by hand,
 * {@link WebSignInIT.Browser}): a page of the city without a session, Kyodo's redirect to Keycloak, Keycloak's
 * identity-first login pages (user name, then password), the form posts, the redirect back to Kyodo's callback, the
 * code exchange, the page, which must answer 200 and show the person. {@code bench.signin.count} sign-ins (300) after
 * {@code bench.signin.warmup} (100 per variant) with each number of client threads of {@code bench.signin.threads} ("2,4"), over
 * {@code bench.signin.users} accounts (20) of one test city, round robin; a citizen's sign-in to マイページ and, with
 * {@code bench.signin.staff} (true), a staff member's to the case queues. Prints wall p50/p95/p99, sign-ins/s and the CPU
 * ms per sign-in of Keycloak's JVM, Liberty's JVM, PostgreSQL (its processes split by the database of each backend:
 * {@code keycloak} is Keycloak's, in the same PostgreSQL) and this client, from the per-process counters
 * ({@link OneServerBenchmark.Cpu#snapshot()}), with the load average before and after each window. A sign-in that fails
 * is counted and fails the run.
 */
@ExtendWith(ArquillianExtension.class)
class SignInBenchmark {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Platform.application();
    }

    record Variant(String name, String role, String path, String shows) {
    }

    @Test
    void bench() throws Exception {
        int count = Integer.getInteger("bench.signin.count", 300);
        int warmup = Integer.getInteger("bench.signin.warmup", 100);
        int users = Integer.getInteger("bench.signin.users", 20);
        List<Integer> threads = java.util.Arrays.stream(System.getProperty("bench.signin.threads", "2,4").split(","))
                .map(String::strip).map(Integer::valueOf).toList();
        try (TestCity city = TestCity.create("401005")) {
            assertTrue(OneServerBenchmark.Cpu.keycloak().isPresent(), "Keycloak's JVM not found: " + Platform.keycloak());
            assertTrue(OneServerBenchmark.Cpu.server().isPresent(), "Liberty's JVM not found");
            assertTrue(OneServerBenchmark.Cpu.postgres().isPresent(), "PostgreSQL not found");
            List<Variant> variants = new ArrayList<>();
            variants.add(new Variant("citizen", "citizen", "/c/" + city.code + "/me", null));
            if (Boolean.parseBoolean(System.getProperty("bench.signin.staff", "true"))) {
                variants.add(new Variant("staff", "staff", "/c/" + city.code + "/staff/cases", "staff-header"));
            }
            Map<Variant, List<String>> accounts = new java.util.LinkedHashMap<>();
            for (Variant v : variants) {
                List<String> these = new ArrayList<>();
                for (int i = 0; i < users; i++) {
                    String username = "bench-" + v.role() + "-" + i + "-" + city.code;
                    TestCity.addMember(city, username, v.role());
                    these.add(username);
                }
                accounts.put(v, these);
                run(v, these, warmup, threads.get(threads.size() - 1), true);
            }
            // the variants interleaved per number of threads, so that warming up and the machine's drift touch both;
            // an idle window before and after: what the processes spend per second with no sign-in (background jobs,
            // timers, GC), taken off in the second table
            int idleSeconds = Integer.getInteger("bench.signin.idle.seconds", 20);
            Map<String, Double> idleBefore = idle(idleSeconds);
            List<Window> windows = new ArrayList<>();
            jfr("start");
            for (int k : threads) {
                for (Variant v : variants) {
                    windows.add(run(v, accounts.get(v), count, k, false));
                }
            }
            jfr("stop");
            Map<String, Double> idleAfter = idle(idleSeconds);
            Map<String, Double> idle = new java.util.TreeMap<>();
            idleBefore.forEach((g, r) -> idle.put(g, (r + idleAfter.getOrDefault(g, r)) / 2));
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "RESULT sign-in: whole browser sign-ins with a "
                    + "password (identity-first: user name, then password; no second factor for city accounts), %d after "
                    + "%d warm-up per variant, over %d accounts; CPU ms per sign-in from the per-process counters%n",
                    count, warmup, users));
            String head = String.format(Locale.ROOT, "  %-8s %3s %6s %6s %8s %8s %8s %8s %9s %9s %9s %9s %9s %9s %8s",
                    "variant", "K", "n", "failed", "per s", "p50 ms", "p95 ms", "p99 ms", "keycloak", "liberty",
                    "pg total", "pg kc-db", "pg kyodo", "pg other", "client");
            b.append(head).append("  load average before → after; window; processes ended in it\n");
            windows.forEach(w -> b.append(w.line(Map.of())).append(String.format(Locale.ROOT, "  %s → %s; %s to %s; %.0f%n",
                    w.loadBefore(), w.loadAfter(), w.from(), w.to(), w.cpu().getOrDefault("ended", 0.0))));
            b.append(String.format(Locale.ROOT, "RESULT sign-in net of idle: the same windows less each process's CPU per "
                    + "second while idle (%d s before and after, mean; ms/s: %s)%n", idleSeconds, idleText(idle, idleBefore,
                    idleAfter)));
            b.append(head).append('\n');
            windows.forEach(w -> b.append(w.line(idle)).append('\n'));
            System.out.println(b);
        }
    }

    /** One measured window: its sign-ins, wall time, latencies and CPU ms per group of processes. */
    record Window(Variant v, int k, int n, int failed, double seconds, List<Long> latencies, Map<String, Double> cpu,
                  String loadBefore, String loadAfter, java.time.Instant from, java.time.Instant to) {

        /** The row: per-sign-in CPU, less {@code idle} (ms per second per group) over the window's seconds. */
        String line(Map<String, Double> idle) {
            java.util.function.ToDoubleFunction<String> per = g -> (cpu.getOrDefault(g, 0.0)
                    - idle.getOrDefault(g, 0.0) * seconds) / n;
            double pgKeycloak = per.applyAsDouble("postgres keycloak");
            double pgKyodo = per.applyAsDouble("postgres kyodo");
            double pgOther = cpu.keySet().stream().filter(g -> g.startsWith("postgres") && !g.equals("postgres keycloak")
                    && !g.equals("postgres kyodo")).mapToDouble(per).sum();
            return String.format(Locale.ROOT, "  %-8s %3d %6d %6d %8.2f %8.1f %8.1f %8.1f %9.2f %9.2f %9.2f %9.2f %9.2f "
                    + "%9.2f %8.2f", v.name(), k, n, failed, n / seconds, OneServerBenchmark.pct(latencies, 50),
                    OneServerBenchmark.pct(latencies, 95), OneServerBenchmark.pct(latencies, 99), per.applyAsDouble("keycloak"),
                    per.applyAsDouble("server"), pgKeycloak + pgKyodo + pgOther, pgKeycloak, pgKyodo, pgOther,
                    per.applyAsDouble("client"));
        }
    }

    /**
     * With {@code -Dbench.jfr=<directory>}: a JFR recording of Liberty's JVM ({@code settings=profile}, or the file of
     * {@code -Dbench.jfr.settings}) over the measured
     * windows only, into {@code <directory>/liberty-sign-in.jfr} (the windows' instants are printed with the table, to
     * cut it per window). Its CPU is in the windows' figures: compare only runs recorded alike. Full stacks need
     * {@code -XX:FlightRecorderOptions:stackdepth=256} at Liberty's start (docs/benchmarks.md).
     */
    private static void jfr(String what) {
        String dir = System.getProperty("bench.jfr");
        if (dir == null || dir.isBlank()) {
            return;
        }
        long pid = OneServerBenchmark.Cpu.server().orElseThrow().pid();
        List<String> cmd = what.equals("start")
                ? List.of("jcmd", String.valueOf(pid), "JFR.start", "name=bench-sign-in",
                        "settings=" + System.getProperty("bench.jfr.settings", "profile"),
                        "filename=" + java.nio.file.Path.of(dir, "liberty-sign-in.jfr"))
                : List.of("jcmd", String.valueOf(pid), "JFR.stop", "name=bench-sign-in");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            p.waitFor();
            System.out.println("[bench] " + String.join(" ", cmd) + ": " + out.strip());
        } catch (java.io.IOException e) {
            System.out.println("[bench] jcmd failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** CPU ms per second of each group with nothing sent for {@code seconds}. */
    private static Map<String, Double> idle(int seconds) throws InterruptedException {
        var before = OneServerBenchmark.Cpu.snapshot();
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        Map<String, Double> cpu = OneServerBenchmark.Cpu.between(before, OneServerBenchmark.Cpu.snapshot());
        double s = (System.nanoTime() - t0) / 1e9;
        Map<String, Double> rate = new java.util.TreeMap<>();
        cpu.forEach((g, ms) -> {
            if (!g.equals("ended")) {
                rate.put(g, ms / s);
            }
        });
        return rate;
    }

    private static String idleText(Map<String, Double> mean, Map<String, Double> before, Map<String, Double> after) {
        StringBuilder b = new StringBuilder();
        mean.forEach((g, r) -> b.append(b.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %.1f (%.1f/%.1f)",
                g, r, before.getOrDefault(g, Double.NaN), after.getOrDefault(g, Double.NaN))));
        return b.toString();
    }

    /** {@code n} sign-ins with {@code k} threads, measured (null for a warm-up); fails on any failed sign-in. */
    private static Window run(Variant v, List<String> accounts, int n, int k, boolean warmUp) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(k);
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        String loadBefore = OneServerBenchmark.loadAverage();
        java.time.Instant from = java.time.Instant.now();
        var cpu0 = OneServerBenchmark.Cpu.snapshot();
        long t0 = System.nanoTime();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                running.add(pool.submit(() -> {
                    int j;
                    while ((j = next.getAndIncrement()) < n) {
                        String user = accounts.get(j % accounts.size());
                        long s = System.nanoTime();
                        String failure;
                        try {
                            failure = signIn(v, user);
                        } catch (Exception | AssertionError e) {
                            failure = e.toString();
                        }
                        latencies.add(System.nanoTime() - s);
                        if (failure != null) {
                            failures.add(user + ": " + failure);
                        }
                    }
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Double> cpu = OneServerBenchmark.Cpu.between(cpu0, OneServerBenchmark.Cpu.snapshot());
        java.time.Instant to = java.time.Instant.now();
        String loadAfter = OneServerBenchmark.loadAverage();
        assertEquals(List.of(), failures.subList(0, Math.min(5, failures.size())),
                () -> failures.size() + " of " + n + " sign-ins failed (" + v.name() + ", " + k + " threads)");
        return warmUp ? null : new Window(v, k, n, failures.size(), seconds, latencies, cpu, loadBefore, loadAfter, from, to);
    }

    /**
     * One whole sign-in in a new browser: the page without a session ends on Keycloak's login page, the forms are
     * filled, the redirects lead back through Kyodo's callback to the page. Null when the page answers 200 at its
     * address and shows the person (the citizen's user name on マイページ; the staff frame on a staff page), else why not.
     */
    private static String signIn(Variant v, String user) throws Exception {
        WebSignInIT.Browser b = new WebSignInIT.Browser(); // its own client: new connections, as a new browser opens
        String target = Platform.base() + v.path();
        var login = b.get(target);
        if (login.statusCode() != 200 || !b.url.startsWith(Platform.keycloak())) {
            return "no login page: " + login.statusCode() + " at " + b.url;
        }
        var page = b.signIn(login, user, Platform.TEST_PASSWORD);
        String shows = v.shows() == null ? user : v.shows();
        if (page.statusCode() != 200 || !b.url.equals(target) || !page.body().contains(shows)) {
            return page.statusCode() + " at " + b.url + (page.body().contains(shows) ? "" : " without '" + shows + "'");
        }
        return null;
    }
}
