package jp.kyodo.it;

import static jp.kyodo.it.Platform.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Integration benchmark (not an IT: run by {@code bench/integration}, which selects it with -Dit.test): outbox →
 * Camel → 児童手当 simulator, with the partner healthy and failing half the time, and マイナポータル simulator → Camel →
 * cases. Prints messages per second, p50/p95 latency and the exactly-once check. Sizes: {@code bench.outbox},
 * {@code bench.inbound}, and {@code bench.inbound.long} (a second, longer inbound phase per round; 0 = none) (system
 * properties). For each phase also the CPU each process spent per message (Liberty,
 * PostgreSQL, the simulators, this client; from /proc), and with {@code -Dbench.jfr=<directory>} a JFR recording of
 * Liberty per phase.
 */
@ExtendWith(ArquillianExtension.class)
class IntegrationBenchmark {

    private static TestCity a;
    private static TestCity b;
    private static Simulator mynaportal;
    private static Simulator childAllowance;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Platform.application();
    }

    @BeforeAll
    static void start() {
        mynaportal = Simulator.start("MynaportalSimulator", "it.sim.mynaportal.port", 7161, "sim-password", "2");
        childAllowance = Simulator.start("ChildAllowanceSimulator", "it.sim.child-allowance.port", 7162);
        a = TestCity.create("221007");
        b = TestCity.create("331007");
        for (TestCity c : List.of(a, b)) {
            put(c, "child-allowance", childAllowance.url("/api/v1/applications"), 60);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (watch != null) {
            watch.close();
        }
        TestCity.closeAll(a, b);
        mynaportal.close();
        childAllowance.close();
    }

    @Test
    void bench() throws Exception {
        int outbox = Integer.getInteger("bench.outbox", 4000);
        int inbound = Integer.getInteger("bench.inbound", 1000);
        int rounds = Math.max(1, Integer.getInteger("bench.rounds", 1));
        int inboundLong = Integer.getInteger("bench.inbound.long", 0);
        // warm-up: the same work before the measured phases, so their CPU per message is the steady state's and not
        // the JIT compiler's (on a fresh server the compiler was the largest part of a 10 s phase, session 12)
        if (Boolean.parseBoolean(System.getProperty("bench.warmup", "true"))) {
            outbound("warm-up outbox", outbox, "up");
            inbound("warm-up inbound", inbound);
        }
        int backlog = Integer.getInteger("bench.backlog", 0);
        if (backlog > 0) {
            backlog(backlog);
        }
        for (int r = 1; r <= rounds; r++) {
            String round = rounds == 1 ? "" : " #" + r;
            outbound("outbox healthy" + round, outbox, "up");
            if (backlog == 0) {
                inbound("mynaportal inbound" + round, inbound);
                if (inboundLong > 0) {
                    // a longer phase: 1,000 applications take 2-3 s, so the pollers' one-second interval (the wait for
                    // the first poll) is part of what that rate measures; this one is mostly steady work
                    inbound("mynaportal inbound long" + round, inboundLong);
                }
            } else {
                // the same taken backlog, listed by every poll (受付 today: inside the overlap, as every poll listed the
                // whole 7 days before session 15) and then not (3 days back: only a full listing lists it)
                age(0);
                inbound("inbound backlog today" + round, inbound);
                idle("polls backlog today" + round);
                age(BACKLOG_DAYS);
                inbound("inbound backlog old" + round, inbound);
                idle("polls backlog old" + round);
            }
        }
        if (Boolean.parseBoolean(System.getProperty("bench.flaky", "true"))) {
            outbound("outbox flaky 50%", outbox / 2, "flaky");
        }
    }

    private void outbound(String label, int n, String mode) throws Exception {
        for (String lg : List.of(a.code, b.code)) {
            mode(lg, mode);
        }
        int before = effects(a.code) + effects(b.code);
        Cpu.jfr("start", label);
        var threads0 = Cpu.libertyThreads();
        long[] db0 = Cpu.database();
        double[] cpu0 = Cpu.now();
        long t0 = System.nanoTime();
        String run = Long.toHexString(System.nanoTime());
        for (TestCity c : List.of(a, b)) {
            try (Connection conn = Platform.appConnection()) {
                conn.setAutoCommit(false);
                TenantIsolationIT.bind(conn, TenantIsolationIT.cityId(c.code));
                try (PreparedStatement ps = conn.prepareStatement("INSERT INTO outbox_message (topic, message_key, payload) "
                        + "VALUES ('child-allowance.application-approved', ?, CAST(? AS jsonb))")) {
                    for (int i = 0; i < n / 2; i++) {
                        ps.setString(1, "citizen-" + (i % 200));
                        ps.setString(2, "{\"applicationId\":\"" + run + "-" + i + "\"}");
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                conn.commit();
            }
        }
        long deadline = System.nanoTime() + 600_000_000_000L;
        while (pending(a.code) + pending(b.code) > 0) {
            assertTrue(System.nanoTime() < deadline, label + ": not drained in 10 minutes");
            Thread.sleep(100);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double[] cpu1 = Cpu.now();
        var threads1 = Cpu.libertyThreads();
        Cpu.jfr("stop", label);
        Thread.sleep(1500); // PostgreSQL flushes its statistics about once a second
        long[] db1 = Cpu.database();
        List<Double> latencies = new ArrayList<>();
        latencies.addAll(latencies(a.code));
        latencies.addAll(latencies(b.code));
        latencies.sort(Double::compare);
        int after = effects(a.code) + effects(b.code);
        boolean once = after - before == n && distinctKeys(a.code) + distinctKeys(b.code) == after;
        System.out.printf(Locale.ROOT, "RESULT %-18s messages=%d  %.0f msg/s  latency p50=%.0f ms p95=%.0f ms  exactly-once=%s%n",
                label, n, n / seconds, pct(latencies, 50), pct(latencies, 95), once ? "yes" : "NO");
        System.out.println(Cpu.perMessage(label, cpu0, cpu1, n, seconds));
        System.out.println(Cpu.threadsPerMessage(label, threads0, threads1, n));
        System.out.println(Cpu.databasePerMessage(label, db0, db1, n));
        assertTrue(once, label + ": effects " + (after - before) + " for " + n + " messages");
        for (String lg : List.of(a.code, b.code)) {
            mode(lg, "up");
            truncate(lg);
        }
    }

    private void inbound(String label, int n) throws Exception {
        for (TestCity c : List.of(a, b)) {
            put(c, "mynaportal", mynaportal.url(""), 1, true);
        }
        long before = cases(a.code) + cases(b.code);
        JsonObject sim0 = simStats();
        Cpu.jfr("start", label);
        var threads0 = Cpu.libertyThreads();
        long[] db0 = Cpu.database();
        double[] cpu0 = Cpu.now();
        long t0 = System.nanoTime();
        for (TestCity c : List.of(a, b)) {
            var r = call("POST", mynaportal.url("/_sim/applications"), null, "{\"lgCode\":\"" + c.code + "\",\"count\":" + n / 2 + "}");
            assertEquals(201, r.status(), r::toString);
        }
        long deadline = System.nanoTime() + 600_000_000_000L;
        while (cases(a.code) + cases(b.code) - before < n) {
            assertTrue(System.nanoTime() < deadline, label + ": not received in 10 minutes");
            Thread.sleep(100);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double[] cpu1 = Cpu.now();
        var threads1 = Cpu.libertyThreads();
        Cpu.jfr("stop", label);
        JsonObject sim1 = simStats();
        Thread.sleep(3000); // a few more polls, each listing every 受付番号 twice
        long[] db1 = Cpu.database();
        long cases = cases(a.code) + cases(b.code) - before;
        System.out.printf(Locale.ROOT, "RESULT %-18s messages=%d  %.0f msg/s  (each listed twice per poll)  exactly-once=%s%n",
                label, n, n / seconds, cases == n ? "yes" : "NO (" + cases + ")");
        System.out.println(Cpu.perMessage(label, cpu0, cpu1, n, seconds));
        System.out.println(Cpu.threadsPerMessage(label, threads0, threads1, n));
        int listed = sim1.getInt("listed", 0) - sim0.getInt("listed", 0);
        System.out.printf(Locale.ROOT, "RESULT %-18s simulator calls: lists=%d details=%d logins=%d (per application: details %.2f,"
                + " list entries %.1f)%n", label, sim1.getInt("lists") - sim0.getInt("lists"),
                sim1.getInt("details") - sim0.getInt("details"), sim1.getInt("logins") - sim0.getInt("logins"),
                (sim1.getInt("details") - sim0.getInt("details")) / (double) n, listed / (double) n);
        System.out.println(Cpu.databasePerMessage(label + " (+3 s)", db0, db1, n));
        for (TestCity c : List.of(a, b)) {
            put(c, "mynaportal", mynaportal.url(""), 1, false); // no polls of the listing during the outbox phases
        }
        assertEquals(n, cases);
    }

    private static final int BACKLOG_DAYS = 3;

    /**
     * The pollers' steady state: both cities' connectors on, nothing new filed, for 20 s; the CPU of each process per
     * list call (each poll lists, leaves out what was taken, and stops).
     */
    private void idle(String label) throws Exception {
        for (TestCity c : List.of(a, b)) {
            put(c, "mynaportal", mynaportal.url(""), 1, true);
        }
        JsonObject sim0 = simStats();
        double[] cpu0 = Cpu.now();
        long t0 = System.nanoTime();
        Thread.sleep(20_000);
        double[] cpu1 = Cpu.now();
        double seconds = (System.nanoTime() - t0) / 1e9;
        JsonObject sim1 = simStats();
        for (TestCity c : List.of(a, b)) {
            put(c, "mynaportal", mynaportal.url(""), 1, false);
        }
        int lists = sim1.getInt("lists") - sim0.getInt("lists");
        int listed = sim1.getInt("listed", 0) - sim0.getInt("listed", 0);
        System.out.printf(Locale.ROOT, "RESULT %-18s %d list calls in %.1f s, %.0f list entries each, %d details%n", label,
                lists, seconds, listed / (double) Math.max(1, lists), sim1.getInt("details") - sim0.getInt("details"));
        System.out.println(Cpu.perMessage(label + " (per list call)", cpu0, cpu1, Math.max(1, lists), seconds));
    }

    /**
     * A backlog of {@code n} applications (half per city) filed on マイナポータル and taken long ago: recorded in the
     * idempotent consumer's repository as received, so the pollers only list them (and leave them out), never fetch them.
     */
    private static void backlog(int n) throws Exception {
        for (TestCity c : List.of(a, b)) {
            var r = call("POST", mynaportal.url("/_sim/applications"), null, "{\"lgCode\":\"" + c.code + "\",\"count\":" + n / 2
                    + ",\"receivedDaysAgo\":" + BACKLOG_DAYS + "}");
            assertEquals(201, r.status(), r::toString);
            List<String> numbers = r.json().getJsonArray("receiptNumbers").getValuesAs(jakarta.json.JsonString.class).stream()
                    .map(jakarta.json.JsonString::getString).toList();
            try (Connection conn = Platform.appConnection()) {
                conn.setAutoCommit(false);
                TenantIsolationIT.bind(conn, TenantIsolationIT.cityId(c.code));
                try (PreparedStatement ps = conn.prepareStatement(
                        "INSERT INTO integration_received_message (partner, message_id) VALUES ('mynaportal', ?)")) {
                    for (String number : numbers) {
                        ps.setString(1, number);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                conn.commit();
            }
        }
        System.out.printf(Locale.ROOT, "[bench] backlog: %d applications filed on マイナポータル and taken before (%d per city)%n",
                n, n / 2);
    }

    /** Every application of both cities gets the 受付 date {@code days} back from now. */
    private static void age(int days) {
        for (TestCity c : List.of(a, b)) {
            var r = call("POST", mynaportal.url("/_sim/age"), null, "{\"lgCode\":\"" + c.code + "\",\"days\":" + days + "}");
            assertEquals(200, r.status(), r::toString);
        }
    }

    private static JsonObject simStats() {
        return call("GET", mynaportal.url("/_sim/stats"), null, null).json();
    }

    private static void put(TestCity c, String partner, String endpoint, int poll) {
        put(c, partner, endpoint, poll, true);
    }

    private static void put(TestCity c, String partner, String endpoint, int poll, boolean enabled) {
        var r = call("PUT", "/api/v1/integration/connectors/" + partner, c.adminToken(), Json.createObjectBuilder()
                .add("enabled", enabled).add("endpoint", endpoint).add("account", "bench").add("secret", "sim-password")
                .add("pollSeconds", poll).build().toString());
        assertEquals(200, r.status(), r::toString);
    }

    private static void mode(String lg, String mode) {
        call("POST", childAllowance.url("/_sim/mode"), null, "{\"lgCode\":\"" + lg + "\",\"mode\":\"" + mode + "\",\"percent\":50}");
    }

    private static List<JsonObject> effectList(String lg) {
        return call("GET", childAllowance.url("/_sim/received?lgCode=" + lg), null, null).json()
                .getJsonArray("effects").getValuesAs(JsonObject.class);
    }

    private static int effects(String lg) {
        return effectList(lg).size();
    }

    private static int distinctKeys(String lg) {
        Set<String> keys = new HashSet<>();
        effectList(lg).forEach(e -> keys.add(e.getString("idempotencyKey")));
        return keys.size();
    }

    private static long pending(String lg) throws Exception {
        return scalar(lg, "SELECT count(*) FROM outbox_message WHERE status = 'PENDING'");
    }

    private static long cases(String lg) throws Exception {
        return scalar(lg, "SELECT count(*) FROM inquiry_case WHERE channel = 'MYNAPORTAL'");
    }

    private static List<Double> latencies(String lg) throws Exception {
        List<Double> out = new ArrayList<>();
        try (Connection conn = Platform.appConnection()) {
            conn.setAutoCommit(false);
            TenantIsolationIT.bind(conn, TenantIsolationIT.cityId(lg));
            try (ResultSet rs = conn.createStatement().executeQuery(
                    "SELECT extract(epoch FROM sent_at - created_at) * 1000 FROM outbox_message WHERE status = 'SENT'")) {
                while (rs.next()) {
                    out.add(rs.getDouble(1));
                }
            }
            conn.rollback();
        }
        return out;
    }

    private static void truncate(String lg) throws Exception {
        try (Connection conn = Platform.appConnection()) {
            conn.setAutoCommit(false);
            TenantIsolationIT.bind(conn, TenantIsolationIT.cityId(lg));
            conn.createStatement().executeUpdate("DELETE FROM outbox_message WHERE status = 'SENT'");
            conn.commit();
        }
    }

    /**
     * The client's one connection for its counts (opened once: a connection per count, as before, started a
     * PostgreSQL backend 20–40 times a second and put that work into PostgreSQL's CPU per message); its backend's CPU
     * is counted as the client's, not PostgreSQL's.
     */
    private static Connection watch;
    private static long watchPid = -1;
    private static final java.util.Map<String, java.util.UUID> IDS = new java.util.concurrent.ConcurrentHashMap<>();

    private static synchronized long scalar(String lg, String sql) throws Exception {
        if (watch == null) {
            watch = Platform.appConnection();
            try (ResultSet rs = watch.createStatement().executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                watchPid = rs.getLong(1);
            }
            watch.setAutoCommit(false);
        }
        java.util.UUID city = IDS.get(lg);
        if (city == null) {
            city = TenantIsolationIT.cityId(lg);
            IDS.put(lg, city);
        }
        TenantIsolationIT.bind(watch, city);
        try (ResultSet rs = watch.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } finally {
            watch.rollback();
        }
    }

    private static double pct(List<Double> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    // ------------------------------------------------------------------ CPU per process (from /proc), JFR of Liberty

    /**
     * CPU seconds so far of the processes that carry the work: Liberty (the test server), PostgreSQL (the postmaster,
     * its live backends, and what its ended children used; without the client's own backend), the 児童手当 and マイナポータル
     * simulators, and this client (with its backend).
     */
    static final class Cpu {
        static final String[] NAMES = {"liberty", "postgres", "sim-child", "sim-myna", "client"};

        static double[] now() {
            long liberty = liberty();
            long postmaster = postmaster();
            double watcher = ticks(watchPid, false); // the client's own PostgreSQL backend: the client's work
            return new double[] {ticks(liberty, false), postgres(postmaster) - watcher, ticks(childAllowance.pid(), false),
                    ticks(mynaportal.pid(), false), ticks(ProcessHandle.current().pid(), false) + watcher};
        }

        /** This run's database so far: commits, rollbacks, rows returned, fetched, inserted, updated, blocks hit. */
        static long[] database() {
            try (Connection conn = Platform.appConnection(); ResultSet rs = conn.createStatement().executeQuery(
                    "SELECT xact_commit, xact_rollback, tup_returned, tup_fetched, tup_inserted, tup_updated, blks_hit "
                            + "FROM pg_stat_database WHERE datname = current_database()")) {
                rs.next();
                long[] out = new long[7];
                for (int i = 0; i < out.length; i++) {
                    out[i] = rs.getLong(i + 1);
                }
                return out;
            } catch (java.sql.SQLException e) {
                return new long[7];
            }
        }

        static String databasePerMessage(String label, long[] before, long[] after, int messages) {
            String[] names = {"commits", "rollbacks", "rows-returned", "rows-fetched", "rows-inserted", "rows-updated", "blocks-hit"};
            StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "RESULT %-18s database per message (whole database):", label));
            for (int i = 0; i < names.length; i++) {
                s.append(String.format(Locale.ROOT, " %s=%.1f", names[i], (after[i] - before[i]) / (double) messages));
            }
            return s.toString();
        }

        static String perMessage(String label, double[] before, double[] after, int messages, double seconds) {
            StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "RESULT %-18s CPU ms per message:", label));
            double total = 0;
            for (int i = 0; i < NAMES.length; i++) {
                double ms = (after[i] - before[i]) * 1000 / messages;
                total += ms;
                s.append(String.format(Locale.ROOT, " %s=%.2f", NAMES[i], ms));
            }
            s.append(String.format(Locale.ROOT, " total=%.2f (Kyodo's side, Liberty+PostgreSQL=%.2f) | 2 idle cores"
                    + " would carry %.0f msg/s (all processes) | wall %.1f s | load %s", total,
                    (after[0] - before[0] + after[1] - before[1]) * 1000 / messages, 2000 / total, seconds, load()));
            return s.toString();
        }

        /** CPU seconds so far of each Liberty thread group (thread names with their numbers taken out). */
        static java.util.Map<String, Double> libertyThreads() {
            java.util.Map<String, Double> out = new java.util.TreeMap<>();
            long pid = liberty();
            try (var tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
                for (Path t : (Iterable<Path>) tasks::iterator) {
                    try {
                        // the thread's own figures are in /proc/<pid>/task/<tid>/stat; /proc/<tid>/stat is the process's
                        String st = Files.readString(t.resolve("stat"));
                        String comm = st.substring(st.indexOf('(') + 1, st.lastIndexOf(')')).replaceAll("[0-9]+", "N");
                        String[] f = st.substring(st.lastIndexOf(')') + 2).split(" ");
                        out.merge(comm, (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0, Double::sum);
                    } catch (IOException | RuntimeException gone) {
                        // ended meanwhile
                    }
                }
            } catch (IOException e) {
                return out;
            }
            return out;
        }

        /** The thread groups that spent the most between the two readings, in ms per message. */
        static String threadsPerMessage(String label, java.util.Map<String, Double> before, java.util.Map<String, Double> after,
                                        int messages) {
            StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "RESULT %-18s Liberty threads, CPU ms per message:", label));
            after.entrySet().stream()
                    .map(e -> java.util.Map.entry(e.getKey(), (e.getValue() - before.getOrDefault(e.getKey(), 0.0)) * 1000 / messages))
                    .filter(e -> e.getValue() >= 0.005)
                    .sorted(java.util.Map.Entry.<String, Double>comparingByValue().reversed()).limit(10)
                    .forEach(e -> s.append(String.format(Locale.ROOT, " [%s]=%.2f", e.getKey(), e.getValue())));
            return s.toString();
        }

        static String load() {
            try {
                return Files.readString(Path.of("/proc/loadavg")).trim();
            } catch (IOException e) {
                return "?";
            }
        }

        /** The Liberty server of this run: a java process whose arguments include ws-server.jar and the server name. */
        static long liberty() {
            String name = Path.of(System.getProperty("kyodo.it.server.dir", "kyodo-it")).getFileName().toString();
            return find(args -> args.stream().anyMatch(a -> a.contains("ws-server.jar") || a.contains("ws-launch"))
                    && args.contains(name));
        }

        /** The PostgreSQL postmaster listening on this run's port. */
        static long postmaster() {
            String port = Platform.env("KYODO_DB_PORT", "55433");
            return find(args -> !args.isEmpty() && args.get(0).endsWith("/postgres") && args.contains(port));
        }

        static long find(java.util.function.Predicate<List<String>> test) {
            try (var dirs = Files.list(Path.of("/proc"))) {
                for (Path d : (Iterable<Path>) dirs::iterator) {
                    String n = d.getFileName().toString();
                    if (!n.chars().allMatch(Character::isDigit)) {
                        continue;
                    }
                    try {
                        byte[] raw = Files.readAllBytes(d.resolve("cmdline"));
                        List<String> args = List.of(new String(raw, java.nio.charset.StandardCharsets.UTF_8).split("\0"));
                        if (test.test(args)) {
                            return Long.parseLong(n);
                        }
                    } catch (IOException gone) {
                        // ended meanwhile
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return -1;
        }

        /** The postmaster with its children's time (ended ones included, as the kernel adds them to the parent). */
        static double postgres(long postmaster) {
            double s = ticks(postmaster, true);
            try (var dirs = Files.list(Path.of("/proc"))) {
                for (Path d : (Iterable<Path>) dirs::iterator) {
                    String n = d.getFileName().toString();
                    if (n.chars().allMatch(Character::isDigit) && ppid(Long.parseLong(n)) == postmaster) {
                        s += ticks(Long.parseLong(n), false);
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return s;
        }

        static String[] stat(long pid) {
            try {
                String st = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
                return st.substring(st.lastIndexOf(')') + 2).split(" "); // [0] = state (field 3)
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }

        static long ppid(long pid) {
            String[] f = stat(pid);
            return f == null ? -2 : Long.parseLong(f[1]);
        }

        /** utime + stime (+ cutime + cstime) in seconds, at 100 ticks per second. */
        static double ticks(long pid, boolean children) {
            String[] f = pid < 0 ? null : stat(pid);
            if (f == null) {
                return 0;
            }
            long t = Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14, 15
            if (children) {
                t += Long.parseLong(f[13]) + Long.parseLong(f[14]); // fields 16, 17
            }
            return t / 100.0;
        }

        /** A JFR recording of Liberty during a phase ({@code -Dbench.jfr=<directory>}), with jcmd. */
        static void jfr(String what, String label) {
            String dir = System.getProperty("bench.jfr");
            if (dir == null || dir.isBlank()) {
                return;
            }
            String file = Path.of(dir, "liberty-" + label.replaceAll("[^a-z0-9]+", "-") + ".jfr").toString();
            List<String> cmd = what.equals("start")
                    ? List.of("jcmd", String.valueOf(liberty()), "JFR.start", "name=bench", "settings=profile", "filename=" + file)
                    : List.of("jcmd", String.valueOf(liberty()), "JFR.stop", "name=bench");
            try {
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                p.waitFor();
                System.out.println("[bench] " + String.join(" ", cmd) + ": " + out.trim());
            } catch (IOException e) {
                System.out.println("[bench] jcmd failed: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
