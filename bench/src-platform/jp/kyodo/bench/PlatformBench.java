package jp.kyodo.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.kyodo.devstack.DevStack;
import jp.kyodo.devstack.DevStackConfig;
import jp.kyodo.devstack.Tokens;

/**
 * Platform benchmark (run by bench/platform): starts PostgreSQL + Keycloak (devstack) and two Liberty servers of its
 * own, measures (1) the RLS cost of an API read/write mix against a database with and without row-level security,
 * (2) the per-transaction set_config cost with plain JDBC, and (3) onboarding of the municipality catalogue; prints
 * the figures and stops everything.
 */
public final class PlatformBench {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String PASSWORD = "Bench-Pass-2026-x";
    static final String NORLS_DB = "kyodo_norls";

    // options
    int cities = Integer.MAX_VALUE;
    int concurrency = 4;
    int rlsRequests = 8000;      // measured requests per variant
    int rlsRounds = 16;          // interleaved blocks per variant
    int rlsWarmup = 6000;        // warm-up requests per variant
    int jdbcIterations = 10000;
    double maxOnboardMinutes = 35;
    boolean doOnboard = true;
    boolean doRls = true;
    Path wlp;
    int httpPortB;
    int httpsPortB;

    DevStackConfig config;
    String jdbcCity;
    DevStack stack;
    final List<Liberty> libertys = new CopyOnWriteArrayList<>();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1).build();

    public static void main(String[] args) throws Exception {
        PlatformBench b = new PlatformBench();
        b.parse(args);
        int rc = 0;
        try {
            b.run();
        } catch (Exception | Error e) {
            System.err.println("[bench] FAILED: " + e);
            e.printStackTrace();
            rc = 1;
        } finally {
            b.shutdown();
        }
        System.exit(rc);
    }

    void parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--cities" -> cities = Integer.parseInt(args[++i]);
                case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
                case "--rls-requests" -> rlsRequests = Integer.parseInt(args[++i]);
                case "--rls-rounds" -> rlsRounds = Integer.parseInt(args[++i]);
                case "--rls-warmup" -> rlsWarmup = Integer.parseInt(args[++i]);
                case "--jdbc-iterations" -> jdbcIterations = Integer.parseInt(args[++i]);
                case "--max-onboard-minutes" -> maxOnboardMinutes = Double.parseDouble(args[++i]);
                case "--skip-onboard" -> doOnboard = false;
                case "--skip-rls" -> doRls = false;
                case "--wlp" -> wlp = Paths.get(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (wlp == null) {
            throw new IllegalArgumentException("--wlp <dir> is required");
        }
    }

    void run() throws Exception {
        config = DevStackConfig.fromEnvironment();
        httpPortB = Integer.parseInt(env("BENCH_HTTP_PORT_B", "9091"));
        httpsPortB = Integer.parseInt(env("BENCH_HTTPS_PORT_B", "9491"));
        say("machine: %d cpus, JVM max heap of this client %d MB; Liberty %s; data %s", Runtime.getRuntime()
                .availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, wlp, config.dataDir());
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopLibertys, "bench-liberty-stop"));
        long t0 = System.nanoTime();
        stack = DevStack.startBackingServices(config);
        say("backing services up in %.1f s", secs(t0));

        if (doRls) {
            createNoRlsDatabase();
        }
        Liberty a = new Liberty("kyodo", config.httpPort(), config.httpsPort(), config.dbName());
        Liberty b = doRls ? new Liberty("kyodo-norls", httpPortB, httpsPortB, NORLS_DB) : null;
        a.start();
        if (b != null) {
            b.start();
        }
        a.awaitReady();
        if (b != null) {
            b.awaitReady();
            disableRls();
        }

        List<String> catalogue = catalogue();
        say("catalogue: %d codes", catalogue.size());
        // the RLS cities are the last three of the catalogue, onboarded here before the onboarding run
        List<String> rlsCities = catalogue.subList(catalogue.size() - 3, catalogue.size());

        jdbcCity = rlsCities.get(2);
        if (doRls) {
            rlsBenchmark(a, b, rlsCities);
            jdbcBenchmark();
            b.stop();
        }
        if (doOnboard) {
            onboard(a, catalogue.subList(0, Math.min(cities, catalogue.size())));
        }
    }

    void shutdown() {
        stopLibertys();
        if (stack != null) {
            stack.close();
        }
    }

    void stopLibertys() {
        for (Liberty l : libertys) {
            l.stop();
        }
    }

    // ================================================================== Liberty

    final class Liberty {
        final String server;
        final int port;
        final int httpsPort;
        final String db;
        Process process;
        final String base;

        Liberty(String server, int port, int httpsPort, String db) {
            this.server = server;
            this.port = port;
            this.httpsPort = httpsPort;
            this.db = db;
            this.base = "http://localhost:" + port;
        }

        void start() throws IOException {
            Path log = config.logsDir().resolve("liberty-" + server + ".log");
            Map<String, String> env = new LinkedHashMap<>(config.asEnvironment());
            env.put("KYODO_HTTP_PORT", String.valueOf(port));
            env.put("KYODO_HTTPS_PORT", String.valueOf(httpsPort));
            env.put("KYODO_DB_NAME", db);
            if (System.getenv("JAVA_HOME") == null) {
                env.put("JAVA_HOME", System.getProperty("java.home"));
            }
            ProcessBuilder pb = new ProcessBuilder("bash", wlp.resolve("bin/server").toString(), "run", server)
                    .directory(wlp.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().putAll(env);
            say("Liberty %s: starting on port %d, database %s (log %s)", server, port, db, log);
            process = pb.start();
            libertys.add(this);
            Path pid = config.dataDir().resolve("run").resolve("bench-" + server + ".pid");
            Files.createDirectories(pid.getParent());
            Files.writeString(pid, process.pid() + "\n" + wlp + "\n");
        }

        void awaitReady() throws Exception {
            long t0 = System.nanoTime();
            while (secs(t0) < 240) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Liberty " + server + " exited: see its log");
                }
                Path log = config.logsDir().resolve("liberty-" + server + ".log");
                String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
                Matcher failed = Pattern.compile("(CWWKZ0002E|CWWKZ0021E|CWWKM0101E|CWWKZ0004E)[^\n]*").matcher(text);
                if (failed.find()) {
                    throw new IllegalStateException("Liberty " + server + ": the application did not start: "
                            + failed.group() + " (see " + log + ")");
                }
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/health/ready"))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        say("Liberty %s ready in %.1f s", server, secs(t0));
                        return;
                    }
                } catch (IOException notYet) {
                    // starting
                }
                Thread.sleep(1000);
            }
            throw new IllegalStateException("Liberty " + server + " not ready after 240 s");
        }

        long javaPid() {
            ProcessHandle h = process.toHandle();
            if (h.info().command().orElse("").endsWith("java")) {
                return h.pid();
            }
            return h.descendants().filter(d -> d.info().command().orElse("").endsWith("java"))
                    .mapToLong(ProcessHandle::pid).findFirst().orElse(h.pid());
        }

        /** Heap used after a full GC, in bytes (jcmd GC.run, then GC.heap_info). */
        long heapAfterGc() throws Exception {
            long pid = javaPid();
            jcmd(pid, "GC.run");
            Thread.sleep(500);
            jcmd(pid, "GC.run");
            Thread.sleep(500);
            String info = jcmd(pid, "GC.heap_info");
            Matcher m = Pattern.compile("total \\d+K, used (\\d+)K").matcher(info);
            if (!m.find()) {
                throw new IllegalStateException("cannot read heap_info: " + info);
            }
            return Long.parseLong(m.group(1)) * 1024;
        }

        synchronized void stop() {
            if (process == null || !process.isAlive()) {
                return;
            }
            long t0 = System.nanoTime();
            List<ProcessHandle> tree = new ArrayList<>();
            tree.add(process.toHandle());
            process.toHandle().descendants().forEach(tree::add);
            try {
                ProcessBuilder pb = new ProcessBuilder("bash", wlp.resolve("bin/server").toString(), "stop", server)
                        .directory(wlp.toFile()).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
                pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
                Process stopper = pb.start();
                stopper.waitFor(40, TimeUnit.SECONDS);
                stopper.destroyForcibly();
                process.waitFor(20, TimeUnit.SECONDS);
            } catch (IOException | InterruptedException e) {
                // fall through to kill
            }
            for (ProcessHandle h : tree) {
                if (h.isAlive()) {
                    h.destroyForcibly();
                }
            }
            say("Liberty %s stopped (%.1f s)", server, secs(t0));
        }
    }

    static String jcmd(long pid, String command) throws Exception {
        Process p = new ProcessBuilder("jcmd", String.valueOf(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    // ================================================================== databases

    Connection superuser(String db) throws SQLException {
        return DriverManager.getConnection(config.jdbcUrl(db) + "?user=postgres");
    }

    Connection owner(String db) throws SQLException {
        return DriverManager.getConnection(config.jdbcUrl(db), config.dbOwnerUser(), config.dbOwnerPassword());
    }

    Connection app(String db) throws SQLException {
        return DriverManager.getConnection(config.jdbcUrl(db), config.dbAppUser(), config.dbAppPassword());
    }

    /** The copy is created like EmbeddedDatabase creates the main one: same owner, no PUBLIC, CONNECT for the app role. */
    void createNoRlsDatabase() throws SQLException {
        try (Connection c = superuser("postgres"); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + NORLS_DB + " WITH (FORCE)");
            st.execute("CREATE DATABASE " + NORLS_DB + " OWNER \"" + config.dbOwnerUser()
                    + "\" ENCODING 'UTF8' TEMPLATE template0");
            st.execute("REVOKE ALL ON DATABASE " + NORLS_DB + " FROM PUBLIC");
            st.execute("GRANT CONNECT ON DATABASE " + NORLS_DB + " TO \"" + config.dbAppUser() + "\"");
        }
        say("database %s created (owner %s, CONNECT for %s); Liberty kyodo-norls migrates it at start", NORLS_DB,
                config.dbOwnerUser(), config.dbAppUser());
    }

    /** After the migrations ran: every table with row-level security gets NO FORCE and DISABLE, as the owner. */
    void disableRls() throws SQLException {
        List<String> done = new ArrayList<>();
        try (Connection c = owner(NORLS_DB); Statement st = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = "
                    + "c.relnamespace WHERE n.nspname = current_schema() AND c.relkind IN ('r','p') AND "
                    + "(c.relrowsecurity OR c.relforcerowsecurity) ORDER BY 1")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String t : tables) {
                st.execute("ALTER TABLE " + t + " NO FORCE ROW LEVEL SECURITY");
                st.execute("ALTER TABLE " + t + " DISABLE ROW LEVEL SECURITY");
                done.add(t);
            }
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = "
                    + "c.relnamespace WHERE n.nspname = current_schema() AND (c.relrowsecurity OR c.relforcerowsecurity)")) {
                rs.next();
                if (rs.getInt(1) != 0) {
                    throw new IllegalStateException("RLS still enabled on " + rs.getInt(1) + " tables");
                }
            }
        }
        say("RLS disabled in %s on: %s", NORLS_DB, done);
    }

    long dbSize(String db) throws SQLException {
        try (Connection c = superuser("postgres");
             PreparedStatement ps = c.prepareStatement("SELECT pg_database_size(?)")) {
            ps.setString(1, db);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    long commits(String db) throws SQLException {
        try (Connection c = superuser("postgres");
             PreparedStatement ps = c.prepareStatement(
                     "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = ?")) {
            ps.setString(1, db);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    long scalar(String db, String sql) throws SQLException {
        try (Connection c = superuser(db); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    // ================================================================== HTTP helpers

    record Res(int status, String body, long nanos) {
    }

    Res call(String method, String url, String token, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120))
                .header("Accept", "application/json");
        if (token != null) {
            rb.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            rb.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        } else {
            rb.method(method, HttpRequest.BodyPublishers.noBody());
        }
        long t0 = System.nanoTime();
        HttpResponse<String> r = http.send(rb.build(), HttpResponse.BodyHandlers.ofString());
        return new Res(r.statusCode(), r.body(), System.nanoTime() - t0);
    }

    Res expect(Res r, String what, int... ok) {
        for (int s : ok) {
            if (r.status == s) {
                return r;
            }
        }
        throw new IllegalStateException(what + ": HTTP " + r.status + " " + abbreviate(r.body));
    }

    static String abbreviate(String s) {
        return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    /** A password-grant token that is fetched again after 10 minutes (access tokens live 15). */
    final class TokenSource {
        final String user;
        final String scope;
        volatile String token;
        volatile long fetched;

        TokenSource(String user, String scope) {
            this.user = user;
            this.scope = scope;
        }

        synchronized String get() {
            if (token == null || secs(fetched) > 600) {
                token = Tokens.password(config, user, user.equals("vendor") ? "kyodo-demo" : PASSWORD, scope);
                fetched = System.nanoTime();
            }
            return token;
        }
    }

    ObjectNode cityBody(String code) {
        ObjectNode o = JSON.createObjectNode();
        o.put("code", code);
        o.put("adminUsername", "admin-" + code);
        o.put("adminEmail", "admin-" + code + "@example.jp");
        o.put("adminPassword", PASSWORD);
        return o;
    }

    List<String> catalogue() throws IOException {
        Path csv = Paths.get(env("BENCH_CATALOGUE",
                "tenant-core/src/main/resources/jp/kyodo/tenant/lifecycle/localgovjp.csv"));
        List<String> codes = new ArrayList<>();
        Pattern last = Pattern.compile(",(\\d{6})\\s*$");
        for (String line : Files.readAllLines(csv, StandardCharsets.UTF_8)) {
            Matcher m = last.matcher(line);
            if (m.find()) {
                codes.add(m.group(1));
            }
        }
        return codes;
    }

    // ================================================================== RLS benchmark

    /** One city as seen by one Liberty: its staff token and the ids of its notices. */
    static final class CityCtx {
        final String code;
        final TokenSource staff;
        final List<String> ids = Collections.synchronizedList(new ArrayList<>());

        CityCtx(String code, TokenSource staff) {
            this.code = code;
            this.staff = staff;
        }
    }

    static final class Stats {
        final String name;
        final Map<String, List<Long>> byOp = new ConcurrentHashMap<>();
        final List<Long> all = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger errors = new AtomicInteger();
        final List<String> errorSamples = new CopyOnWriteArrayList<>();
        long wallNanos;

        Stats(String name) {
            this.name = name;
        }

        void add(String op, long nanos) {
            all.add(nanos);
            byOp.computeIfAbsent(op, k -> Collections.synchronizedList(new ArrayList<>())).add(nanos);
        }

        double throughput() {
            return all.size() / (wallNanos / 1e9);
        }
    }

    void rlsBenchmark(Liberty a, Liberty b, List<String> codes) throws Exception {
        say("=== RLS cost: cities %s, %d client threads ===", codes, concurrency);
        TokenSource vendor = new TokenSource("vendor", "openid");
        List<CityCtx> ctxA = new ArrayList<>();
        List<CityCtx> ctxB = new ArrayList<>();
        for (String code : codes) {
            expect(call("POST", a.base + "/api/v1/cities", vendor.get(), cityBody(code)), "create " + code + " on A", 200, 201);
            expect(call("POST", b.base + "/api/v1/cities", vendor.get(), cityBody(code)), "create " + code + " on B", 200, 201);
            String scope = "openid organization:" + code;
            TokenSource admin = new TokenSource("admin-" + code, scope);
            ObjectNode m = JSON.createObjectNode();
            m.put("username", "staff-" + code);
            m.put("familyName", "ベンチ");
            m.put("givenName", "職員");
            m.put("email", "staff-" + code + "@example.jp");
            m.put("role", "staff");
            m.put("password", PASSWORD);
            m.put("temporaryPassword", false);
            expect(call("POST", a.base + "/api/v1/members", admin.get(), m), "staff member of " + code, 201, 200, 409);
            TokenSource staff = new TokenSource("staff-" + code, scope);
            ctxA.add(new CityCtx(code, staff));
            ctxB.add(new CityCtx(code, staff));
        }
        // seed: on A every city sees 20 notices; on B (no RLS, the app's queries do not filter by city) the table
        // holds 20 notices in all, so every city's list also returns 20 rows
        for (CityCtx c : ctxA) {
            seed(a, c, 20 - listSize(a, c));
        }
        int have = listSize(b, ctxB.get(0));
        for (int i = 0; have + i < 20; i++) {
            seed(b, ctxB.get(i % ctxB.size()), 1);
        }
        for (CityCtx c : ctxB) {
            c.ids.clear();
        }
        for (String id : listIds(b, ctxB.get(0))) {   // B: any city reads every notice
            for (CityCtx c : ctxB) {
                c.ids.add(id);
            }
        }
        for (CityCtx c : ctxA) {
            c.ids.clear();
            c.ids.addAll(listIds(a, c));
        }
        say("list sizes before: A %s, B %s", sizes(a, ctxA), sizes(b, ctxB));

        Stats sa = new Stats("A  RLS (kyodo)");
        Stats sb = new Stats("B  no RLS (" + NORLS_DB + ")");
        Stats wa = new Stats("warm-up A");
        Stats wb = new Stats("warm-up B");
        for (int i = 0; i < 2; i++) {
            mix(a, ctxA, rlsWarmup / 2, 1000 + i, wa);
            mix(b, ctxB, rlsWarmup / 2, 1000 + i, wb);
        }
        say("warm-up done: %d + %d requests (errors %d / %d)", wa.all.size(), wb.all.size(), wa.errors.get(),
                wb.errors.get());
        Thread.sleep(11_000);   // idle backends flush their cumulative statistics within 10 s
        long xa0 = commits(config.dbName());
        long xb0 = commits(NORLS_DB);
        int block = rlsRequests / rlsRounds;
        List<Double> roundA = new ArrayList<>();
        List<Double> roundB = new ArrayList<>();
        List<Double> roundRatio = new ArrayList<>();
        for (int round = 0; round < rlsRounds; round++) {
            // ABBA order so that neither variant always runs first
            double ra;
            double rb;
            if (round % 2 == 0) {
                ra = block / (mix(a, ctxA, block, round, sa) / 1e9);
                rb = block / (mix(b, ctxB, block, round, sb) / 1e9);
            } else {
                rb = block / (mix(b, ctxB, block, round, sb) / 1e9);
                ra = block / (mix(a, ctxA, block, round, sa) / 1e9);
            }
            roundA.add(ra);
            roundB.add(rb);
            roundRatio.add(ra / rb);
            say("round %d/%d: A %.0f req/s, B %.0f req/s (this round; ratio %.3f)", round + 1, rlsRounds, ra, rb,
                    ra / rb);
        }
        Thread.sleep(11_000);
        long xa = commits(config.dbName()) - xa0;
        long xb = commits(NORLS_DB) - xb0;
        say("list sizes after: A %s, B %s", sizes(a, ctxA), sizes(b, ctxB));
        System.out.println();
        System.out.println("RESULT rls-mix: 80% GET /api/v1/notices (list ~20 rows), 10% GET /api/v1/notices/{id},"
                + " 10% write (POST a notice / DELETE it again, alternating); 3 cities, " + concurrency
                + " client threads, " + rlsRounds + " interleaved rounds, after " + rlsWarmup + " warm-up requests each");
        System.out.println(String.format(Locale.ROOT, "  %-24s %8s %7s %9s %8s %8s %8s %8s", "variant", "requests",
                "errors", "req/s", "mean ms", "p50 ms", "p95 ms", "p99 ms"));
        for (Stats s : List.of(sa, sb)) {
            printRow(s);
        }
        for (String op : List.of("list", "get", "post", "delete")) {
            List<Long> la = sa.byOp.getOrDefault(op, List.of());
            List<Long> lb = sb.byOp.getOrDefault(op, List.of());
            System.out.println(String.format(Locale.ROOT, "  %-8s n=%5d/%5d   p50 %.2f / %.2f ms   p95 %.2f / %.2f ms",
                    op, la.size(), lb.size(), pct(la, 50), pct(lb, 50), pct(la, 95), pct(lb, 95)));
        }
        System.out.println(String.format(Locale.ROOT,
                "  ratio RLS/noRLS: throughput %.3f, p50 latency %.3f, p95 latency %.3f, mean latency %.3f",
                sa.throughput() / sb.throughput(), pct(sa.all, 50) / pct(sb.all, 50), pct(sa.all, 95) / pct(sb.all, 95),
                mean(sa.all) / mean(sb.all)));
        System.out.println(String.format(Locale.ROOT, "  database transactions per API request (pg_stat_database"
                + " xact_commit + xact_rollback over the measured rounds): A %.2f, B %.2f", xa / (double) (sa.all.size()
                + sa.errors.get()), xb / (double) (sb.all.size() + sb.errors.get())));
        List<Double> sorted = new ArrayList<>(roundRatio);
        Collections.sort(sorted);
        System.out.println(String.format(Locale.ROOT, "  per-round req/s A %s, B %s; per-round ratios %s, median %.3f",
                fmt(roundA), fmt(roundB), fmt(roundRatio), sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
                        : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2));
        for (Stats s : List.of(sa, sb)) {
            for (String e : s.errorSamples) {
                System.out.println("  error sample " + s.name + ": " + e);
            }
        }
        System.out.println();
    }

    void printRow(Stats s) {
        System.out.println(String.format(Locale.ROOT, "  %-24s %8d %7d %9.1f %8.2f %8.2f %8.2f %8.2f", s.name,
                s.all.size(), s.errors.get(), s.throughput(), mean(s.all), pct(s.all, 50), pct(s.all, 95),
                pct(s.all, 99)));
    }

    String sizes(Liberty l, List<CityCtx> ctx) throws Exception {
        List<Integer> out = new ArrayList<>();
        for (CityCtx c : ctx) {
            out.add(listSize(l, c));
        }
        return out.toString();
    }

    int listSize(Liberty l, CityCtx c) throws Exception {
        return listIds(l, c).size();
    }

    List<String> listIds(Liberty l, CityCtx c) throws Exception {
        Res r = expect(call("GET", l.base + "/api/v1/notices", c.staff.get(), null), "list notices", 200);
        List<String> ids = new ArrayList<>();
        for (JsonNode n : JSON.readTree(r.body)) {
            ids.add(n.get("id").asText());
        }
        return ids;
    }

    void seed(Liberty l, CityCtx c, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            expect(call("POST", l.base + "/api/v1/notices", c.staff.get(), notice(c.code, i)), "seed notice", 201);
        }
    }

    static ObjectNode notice(String code, int i) {
        ObjectNode o = JSON.createObjectNode();
        o.put("title", "ベンチマークのお知らせ " + code + " #" + i);
        o.put("body", "本文です。".repeat(40) + " (" + code + "-" + i + ")");
        o.put("published", true);
        return o;
    }

    /**
     * Runs {@code n} requests of the mix with {@link #concurrency} threads. The op sequence depends only on the
     * seed, so both variants get the same sequence. Each thread keeps at most one notice it created and deletes it
     * on its next write, so list sizes stay within 20..20+threads.
     */
    long mix(Liberty l, List<CityCtx> ctx, int n, long seed, Stats stats) throws Exception {
        // tokens fetched before the clock starts
        for (CityCtx c : ctx) {
            c.staff.get();
        }
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<?>> fs = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int t = 0; t < concurrency; t++) {
            final int thread = t;
            fs.add(pool.submit(() -> {
                Random rnd = new Random(seed * 31 + thread);
                String[] own = new String[1];
                CityCtx[] ownCity = new CityCtx[1];
                while (next.getAndIncrement() < n) {
                    CityCtx c = ctx.get(rnd.nextInt(ctx.size()));
                    double r = rnd.nextDouble();
                    int pick = rnd.nextInt(1 << 20);
                    try {
                        String token = c.staff.get();
                        if (r < 0.80) {
                            record(stats, "list", call("GET", l.base + "/api/v1/notices", token, null), 200);
                        } else if (r < 0.90) {
                            String id = c.ids.get(pick % c.ids.size());
                            record(stats, "get", call("GET", l.base + "/api/v1/notices/" + id, token, null), 200);
                        } else if (own[0] == null) {
                            Res res = call("POST", l.base + "/api/v1/notices", token, notice(c.code, pick));
                            record(stats, "post", res, 201);
                            if (res.status == 201) {
                                own[0] = JSON.readTree(res.body).get("id").asText();
                                ownCity[0] = c;
                            }
                        } else {
                            // delete as the city that created it (on A another city cannot see it)
                            record(stats, "delete", call("DELETE", l.base + "/api/v1/notices/" + own[0],
                                    ownCity[0].staff.get(), null), 204);
                            own[0] = null;
                        }
                    } catch (IOException | InterruptedException e) {
                        stats.errors.incrementAndGet();
                        if (stats.errorSamples.size() < 5) {
                            stats.errorSamples.add(e.toString());
                        }
                    }
                }
                if (own[0] != null) {   // leave the data as found (not timed)
                    try {
                        call("DELETE", l.base + "/api/v1/notices/" + own[0], ownCity[0].staff.get(), null);
                    } catch (IOException | InterruptedException ignored) {
                        // best effort
                    }
                }
                return null;
            }));
        }
        long end = 0;
        for (Future<?> f : fs) {
            f.get();
        }
        end = System.nanoTime();
        pool.shutdown();
        stats.wallNanos += end - t0;
        return end - t0;
    }

    static void record(Stats s, String op, Res r, int ok) {
        if (r.status != ok) {
            s.errors.incrementAndGet();
            if (s.errorSamples.size() < 5) {
                s.errorSamples.add(op + " HTTP " + r.status + " " + abbreviate(r.body));
            }
            return;
        }
        s.add(op, r.nanos);
    }

    // ================================================================== JDBC micro-benchmark

    void jdbcBenchmark() throws Exception {
        say("=== JDBC: the cost of the per-transaction set_config and of the RLS predicate ===");
        String rlsCity;
        try (Connection c = app(config.dbName()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id FROM city WHERE lg_code = '" + jdbcCity + "'")) {
            rs.next();
            rlsCity = rs.getString(1);
        }
        String norlsCity;
        try (Connection c = app(NORLS_DB); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id FROM city WHERE lg_code = '" + jdbcCity + "'")) {
            rs.next();
            norlsCity = rs.getString(1);
        }
        String query = "SELECT tenant_id, id, title, body, category, published, published_at, created_by, created_at,"
                + " updated_at, version FROM notice ORDER BY updated_at DESC LIMIT 200";
        Map<String, List<Long>> results = new LinkedHashMap<>();
        String[] names = {"noRLS, no set_config", "noRLS, set_config", "RLS, set_config"};
        try (Connection norls = app(NORLS_DB); Connection rls = app(config.dbName())) {
            norls.setAutoCommit(false);
            rls.setAutoCommit(false);
            Connection[] conns = {norls, norls, rls};
            String[] cities = {null, norlsCity, rlsCity};
            int[] rows = new int[3];
            int block = 500;
            int blocks = Math.max(1, jdbcIterations / block);
            for (int round = -2; round < blocks; round++) {   // 2 warm-up rounds
                for (int v = 0; v < 3; v++) {
                    List<Long> lat = results.computeIfAbsent(names[v], k -> new ArrayList<>());
                    for (int i = 0; i < block; i++) {
                        long t0 = System.nanoTime();
                        rows[v] = tx(conns[v], cities[v], query);
                        long dt = System.nanoTime() - t0;
                        if (round >= 0) {
                            lat.add(dt);
                        }
                    }
                }
            }
            System.out.println();
            System.out.println("RESULT jdbc: one transaction = [SELECT set_config('app.tenant_id', ?, true)] + the notice"
                    + " list query + COMMIT, as " + config.dbAppUser() + ", one connection, " + blocks * block
                    + " transactions each, interleaved blocks of " + block);
            for (int v = 0; v < 3; v++) {
                List<Long> l = results.get(names[v]);
                System.out.println(String.format(Locale.ROOT, "  %-22s rows %3d   mean %.3f ms   p50 %.3f ms   p95 %.3f ms",
                        names[v], rows[v], mean(l), pct(l, 50), pct(l, 95)));
            }
            double setConfig = pct(results.get(names[1]), 50) - pct(results.get(names[0]), 50);
            double rlsPred = pct(results.get(names[2]), 50) - pct(results.get(names[1]), 50);
            System.out.println(String.format(Locale.ROOT,
                    "  set_config round trip ≈ %.3f ms per transaction (p50 difference); RLS predicate ≈ %.3f ms (p50"
                            + " difference, same 20-row result)", setConfig, rlsPred));
            System.out.println();
        }
    }

    static int tx(Connection c, String city, String query) throws SQLException {
        if (city != null) {
            try (PreparedStatement ps = c.prepareStatement("SELECT set_config('app.tenant_id', ?, true)")) {
                ps.setString(1, city);
                ps.execute();
            }
        }
        int n = 0;
        try (PreparedStatement ps = c.prepareStatement(query); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                n++;
            }
        }
        c.commit();
        return n;
    }

    // ================================================================== onboarding

    void onboard(Liberty a, List<String> codes) throws Exception {
        say("=== onboarding %d codes with %d client threads (stop submitting after %.0f min) ===", codes.size(),
                concurrency, maxOnboardMinutes);
        TokenSource vendor = new TokenSource("vendor", "openid");
        vendor.get();
        String kcRealm = "(SELECT id FROM realm WHERE name = '" + config.keycloakRealm() + "')";
        long orgs0 = scalar("keycloak", "SELECT count(*) FROM org WHERE realm_id = " + kcRealm);
        long users0 = scalar("keycloak", "SELECT count(*) FROM user_entity WHERE realm_id = " + kcRealm);
        long cities0 = scalar(config.dbName(), "SELECT count(*) FROM city");
        long heap0 = a.heapAfterGc();
        long db0 = dbSize(config.dbName());
        long kdb0 = dbSize("keycloak");
        say("before: %d cities, %d organizations, %d users; Liberty heap after GC %.1f MB; kyodo db %.1f MB; keycloak db"
                + " %.1f MB", cities0, orgs0, users0, mb(heap0), mb(db0), mb(kdb0));

        long[] lat = new long[codes.size()];
        int[] status = new int[codes.size()];
        List<String> errors = new CopyOnWriteArrayList<>();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        long deadline = System.nanoTime() + (long) (maxOnboardMinutes * 60e9);
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long t0 = System.nanoTime();
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            fs.add(pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < codes.size() && System.nanoTime() < deadline) {
                    String code = codes.get(i);
                    try {
                        Res r = call("POST", a.base + "/api/v1/cities", vendor.get(), cityBody(code));
                        lat[i] = r.nanos;
                        status[i] = r.status;
                        if (r.status != 201 && r.status != 200 && errors.size() < 10) {
                            errors.add(code + " HTTP " + r.status + " " + abbreviate(r.body));
                        }
                    } catch (Exception e) {
                        status[i] = -1;
                        if (errors.size() < 10) {
                            errors.add(code + " " + e);
                        }
                    }
                    int d = done.incrementAndGet();
                    if (d % 100 == 0) {
                        say("  %d/%d after %.0f s (%.2f cities/s)", d, codes.size(), secs(t0), d / secs(t0));
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        double total = secs(t0);
        pool.shutdown();
        int attempted = Math.min(next.get(), codes.size());
        List<Long> created = new ArrayList<>();
        List<Long> firstHundred = new ArrayList<>();
        List<Long> lastHundred = new ArrayList<>();
        int existed = 0;
        int failed = 0;
        for (int i = 0; i < attempted; i++) {
            if (status[i] == 201) {
                created.add(lat[i]);
            } else if (status[i] == 200) {
                existed++;
            } else if (status[i] != 0) {
                failed++;
            }
        }
        for (int i = 0; i < Math.min(100, created.size()); i++) {
            firstHundred.add(created.get(i));
            lastHundred.add(created.get(created.size() - 1 - i));
        }
        long heap1 = a.heapAfterGc();
        long db1 = dbSize(config.dbName());
        long kdb1 = dbSize("keycloak");
        long orgs1 = scalar("keycloak", "SELECT count(*) FROM org WHERE realm_id = " + kcRealm);
        long users1 = scalar("keycloak", "SELECT count(*) FROM user_entity WHERE realm_id = " + kcRealm);
        long cities1 = scalar(config.dbName(), "SELECT count(*) FROM city WHERE status = 'ACTIVE'");
        int n = Math.max(1, created.size());

        // the two vendor-wide reads over all cities, once the deployment holds them
        Res list = expect(call("GET", a.base + "/api/v1/cities", vendor.get(), null), "list cities", 200);
        Res list2 = expect(call("GET", a.base + "/api/v1/cities", vendor.get(), null), "list cities", 200);
        Res stat = call("GET", a.base + "/api/v1/statistics/cities", vendor.get(), null);
        Res stat2 = call("GET", a.base + "/api/v1/statistics/cities", vendor.get(), null);

        System.out.println();
        System.out.println(String.format(Locale.ROOT, "RESULT onboarding: %d of %d codes attempted, %d created (201),"
                + " %d existed (200), %d failed, %d client threads", attempted, codes.size(), created.size(), existed,
                failed, concurrency));
        System.out.println(String.format(Locale.ROOT, "  total time            %.1f s (%.2f cities/s)", total,
                attempted / total));
        System.out.println(String.format(Locale.ROOT, "  time per city (201)   mean %.0f ms, p50 %.0f ms, p95 %.0f ms,"
                + " max %.0f ms", mean(created), pct(created, 50), pct(created, 95), pct(created, 100)));
        System.out.println(String.format(Locale.ROOT, "  first 100 vs last 100 mean %.0f ms -> %.0f ms",
                mean(firstHundred), mean(lastHundred)));
        System.out.println(String.format(Locale.ROOT, "  Liberty heap after GC %.1f MB -> %.1f MB: %+.1f KB per city",
                mb(heap0), mb(heap1), (heap1 - heap0) / 1024.0 / n));
        System.out.println(String.format(Locale.ROOT, "  database %s      %.1f MB -> %.1f MB: %.1f KB per city",
                config.dbName(), mb(db0), mb(db1), (db1 - db0) / 1024.0 / n));
        System.out.println(String.format(Locale.ROOT, "  database keycloak   %.1f MB -> %.1f MB: %.1f KB per city",
                mb(kdb0), mb(kdb1), (kdb1 - kdb0) / 1024.0 / n));
        System.out.println(String.format(Locale.ROOT, "  Keycloak realm %s: %d organizations (was %d), %d users (was %d);"
                + " ACTIVE cities in %s: %d", config.keycloakRealm(), orgs1, orgs0, users1, users0, config.dbName(),
                cities1));
        System.out.println(String.format(Locale.ROOT, "  GET /api/v1/cities with %d cities: %.0f ms, again %.0f ms (%d"
                + " bytes)", cities1, list.nanos / 1e6, list2.nanos / 1e6, list.body.length()));
        System.out.println(String.format(Locale.ROOT, "  GET /api/v1/statistics/cities: HTTP %d, %.0f ms, again %.0f ms"
                + " (%d bytes)", stat.status, stat.nanos / 1e6, stat2.nanos / 1e6, stat.body.length()));
        for (String e : errors) {
            System.out.println("  error sample: " + e);
        }
        System.out.println();
    }

    // ================================================================== utilities

    static double pct(List<Long> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        long[] v;
        synchronized (values) {
            v = values.stream().mapToLong(Long::longValue).toArray();
        }
        Arrays.sort(v);
        int idx = (int) Math.ceil(p / 100.0 * v.length) - 1;
        return v[Math.max(0, Math.min(v.length - 1, idx))] / 1e6;
    }

    static double mean(List<Long> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        synchronized (values) {
            return values.stream().mapToLong(Long::longValue).average().orElse(Double.NaN) / 1e6;
        }
    }

    static String fmt(List<Double> values) {
        return values.stream().map(v -> String.format(Locale.ROOT, v < 10 ? "%.3f" : "%.0f", v)).toList().toString();
    }

    static double mb(long bytes) {
        return bytes / 1024.0 / 1024.0;
    }

    static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    static String env(String name, String def) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? def : v;
    }

    static void say(String fmt, Object... args) {
        System.out.println(String.format(Locale.ROOT, "[bench %tT] ", System.currentTimeMillis())
                + String.format(Locale.ROOT, fmt, args));
        System.out.flush();
    }
}
