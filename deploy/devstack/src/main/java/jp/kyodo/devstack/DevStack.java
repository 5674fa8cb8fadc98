package jp.kyodo.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The development stack: PostgreSQL, then Keycloak, then (optionally) Liberty; stopped in reverse order.
 *
 * <p>For tests: {@code try (DevStack stack = DevStack.startBackingServices(config)) { ... }} (or keep it open in a
 * JUnit {@code LauncherSessionListener} and close it when the session ends). A JVM shutdown hook also closes it, so a
 * killed test run or Ctrl-C does not leave processes behind.
 *
 * <p>For the run command: {@link #main(String[])}, see {@link #USAGE}.
 */
public final class DevStack implements AutoCloseable {

    static final String USAGE = String.join("\n",
            "Usage: DevStack [--reset] [--liberty <wlp dir> --server <name>] [--seed] [--help]",
            "  Starts the platform's backing services (embedded PostgreSQL, Keycloak) and optionally Liberty,",
            "  prints the URLs and demo logins, and runs until Ctrl-C, which stops everything in reverse order.",
            "  --reset            delete the data directory (KYODO_DATA_DIR, default <repo>/.kyodo) first",
            "  --liberty <dir>    Open Liberty installation (the wlp directory) to run",
            "  --server <name>    Liberty server to run (with --liberty)",
            "  --seed             run the demo seeder even without --liberty (Liberty started elsewhere)",
            "  Configuration: KYODO_* environment variables (or -DKYODO_...=...), see DevStackConfig.",
            "  Seeder: -Dkyodo.seeder=<class implementing jp.kyodo.devstack.DemoSeeder>, or a ServiceLoader entry.");

    static final Duration LIBERTY_START_TIMEOUT = KeycloakServer.startTimeout();
    static final Duration LIBERTY_STOP_GRACE = Duration.ofSeconds(20);
    static final String DATA_DIR_MARKER = ".kyodo-devstack";

    private final DevStackConfig config;
    private volatile EmbeddedDatabase database;
    private volatile KeycloakServer keycloak;
    private volatile MailSink mailSink;
    private volatile Process liberty;
    private volatile Path libertyPidFile;
    private final Thread shutdownHook;
    private volatile boolean closed;

    DevStack(DevStackConfig config) {
        this.config = config;
        this.shutdownHook = new Thread(this::closeFromHook, "kyodo-devstack-shutdown");
    }

    /**
     * Starts PostgreSQL and then Keycloak (or, with {@code KYODO_EXTERNAL_DB} / {@code KYODO_EXTERNAL_KEYCLOAK}, waits
     * until the existing ones are reachable). On failure, whatever was started is stopped again before the exception
     * ({@link DevStackException}) propagates.
     */
    public static DevStack startBackingServices(DevStackConfig config) {
        DevStack stack = new DevStack(config);
        Runtime.getRuntime().addShutdownHook(stack.shutdownHook);
        long t0 = System.nanoTime();
        try {
            prepareDataDir(config.dataDir());
            stopLeftovers(config);
            if (config.externalDb()) {
                Log.info("PostgreSQL: KYODO_EXTERNAL_DB=true, waiting for " + config.dbHost() + ":" + config.dbPort());
                Processes.waitForTcp("PostgreSQL (external)", config.dbHost(), config.dbPort(), Duration.ofSeconds(60));
            } else {
                if (!isLocal(config.dbHost())) {
                    Log.warn("KYODO_DB_HOST=" + config.dbHost() + " but the embedded PostgreSQL listens on localhost"
                            + " only; set KYODO_EXTERNAL_DB=true to use a server elsewhere");
                }
                stack.database = EmbeddedDatabase.start(config);
            }
            if (!config.externalSmtp()) {
                stack.mailSink = MailSink.start(config.smtpPort(), config.dataDir().resolve("mail"));
            }
            if (config.externalKeycloak()) {
                String url = config.issuerUrl() + "/.well-known/openid-configuration";
                Log.info("Keycloak: KYODO_EXTERNAL_KEYCLOAK=true, waiting for " + url);
                Processes.waitForHttp200("Keycloak (external)", url, KeycloakServer.START_TIMEOUT, null, null);
            } else {
                stack.keycloak = KeycloakServer.start(config);
            }
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
        Log.info(String.format(Locale.ROOT, "backing services ready in %.1f s", (System.nanoTime() - t0) / 1e9));
        return stack;
    }

    /**
     * Starts {@code <wlp>/bin/server run <server>} with the {@code KYODO_*} variables in its environment, output to
     * {@code <data>/logs/liberty.log}, and waits until {@code http://localhost:<KYODO_HTTP_PORT>/health/ready}
     * answers 200 (180 s).
     */
    public synchronized void startLiberty(Path wlpDir, String serverName) {
        if (closed) {
            throw new IllegalStateException("stack is closed");
        }
        if (liberty != null) {
            throw new IllegalStateException("Liberty already started");
        }
        Path wlp = wlpDir.toAbsolutePath().normalize();
        Path script = wlp.resolve("bin").resolve("server");
        if (!Files.isRegularFile(script)) {
            throw new DevStackException("no Liberty installation at " + wlp + " (missing bin/server)");
        }
        Path pidFile = config.dataDir().resolve("run").resolve("liberty.pid");
        Processes.stopLeftover(pidFile, "Liberty");
        Processes.requirePortFree(config.httpPort(), "Liberty http", DevStackConfig.HTTP_PORT);
        Processes.requirePortFree(config.httpsPort(), "Liberty https", DevStackConfig.HTTPS_PORT);
        Path log = config.logsDir().resolve("liberty.log");
        Map<String, String> env = new LinkedHashMap<>(config.asEnvironment());
        // this is a development stack: Liberty accepts its development secrets and seeds demo knowledge
        env.put("KYODO_DEV_MODE", "true");
        if (System.getenv("JAVA_HOME") == null) {
            env.put("JAVA_HOME", System.getProperty("java.home"));
        }
        // the development stack only: a fixed key for the cities' stored LLM API keys (production sets its own)
        String secrets = System.getenv("KYODO_SECRETS_KEY");
        env.put("KYODO_SECRETS_KEY", secrets != null && !secrets.isBlank() ? secrets : "kyodo-devstack-only-secrets-key");
        // the LGWAN gateway simulator's internet-side drop box (DemoConnectors starts the simulator on it)
        String drop = System.getenv("KYODO_INTEGRATION_LGWAN_DROP_DIR");
        env.put("KYODO_INTEGRATION_LGWAN_DROP_DIR", drop != null && !drop.isBlank() ? drop
                : config.dataDir().resolve("lgwan").resolve("drop").toAbsolutePath().toString());
        // the デジタル認証アプリ simulator (DemoConnectors starts it): Kyodo's client key and the simulated JPKI CA
        Path digitalAuth = config.dataDir().resolve("digital-auth").toAbsolutePath();
        env.put("KYODO_DIGITAL_AUTH_URL", "http://127.0.0.1:" + jp.kyodo.devstack.demo.DemoConnectors.digitalAuthPort());
        env.put("KYODO_DIGITAL_AUTH_CLIENT_KEY_FILE", jp.kyodo.devstack.demo.DigitalAuthClientKey.keyFile(digitalAuth).toString());
        env.put("KYODO_DIGITAL_AUTH_TRUST_ANCHOR_FILE", jp.kyodo.devstack.demo.DigitalAuthClientKey.trustAnchor(digitalAuth).toString());
        long t0 = System.nanoTime();
        Log.info("Liberty: starting server " + serverName + " from " + wlp + " (log: " + log + ")");
        Process p = Processes.start(List.of("bash", script.toString(), "run", serverName), wlp, env, log);
        liberty = p;
        libertyPidFile = pidFile;
        Processes.writePid(pidFile, p, script.toString());
        String health = "http://localhost:" + config.httpPort() + "/health/ready";
        try {
            Processes.waitForHttp200("Liberty", health, LIBERTY_START_TIMEOUT, p, log);
        } catch (RuntimeException e) {
            stopLiberty();
            throw e;
        }
        Log.info(String.format(Locale.ROOT, "Liberty ready at http://localhost:%d/ in %.1f s", config.httpPort(),
                (System.nanoTime() - t0) / 1e9));
    }

    public DevStackConfig config() {
        return config;
    }

    /** The embedded PostgreSQL; empty with {@code KYODO_EXTERNAL_DB=true}. */
    public Optional<EmbeddedDatabase> database() {
        return Optional.ofNullable(database);
    }

    /** The local SMTP sink; empty with {@code KYODO_EXTERNAL_SMTP=true}. */
    public Optional<MailSink> mailSink() {
        return Optional.ofNullable(mailSink);
    }

    /** The Keycloak child process; empty with {@code KYODO_EXTERNAL_KEYCLOAK=true}. */
    public Optional<KeycloakServer> keycloak() {
        return Optional.ofNullable(keycloak);
    }

    /** A started service (Liberty, Keycloak) that has exited by itself, if any. */
    Optional<String> deadService() {
        if (closed) {
            return Optional.empty();
        }
        Process l = liberty;
        if (l != null && !l.isAlive()) {
            return Optional.of("Liberty (exit code " + l.exitValue() + ", see " + config.logsDir().resolve("liberty.log") + ")");
        }
        KeycloakServer k = keycloak;
        if (k != null && !k.isAlive()) {
            return Optional.of("Keycloak (see " + config.logsDir().resolve("keycloak.log") + ")");
        }
        return Optional.empty();
    }

    /** Stops Liberty, Keycloak and PostgreSQL, in that order. Idempotent. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // called from the hook or during JVM shutdown
        }
        doClose();
    }

    private void closeFromHook() {
        doClose();
    }

    private synchronized void doClose() {
        if (closed) {
            return;
        }
        closed = true;
        boolean anything = liberty != null || keycloak != null || database != null;
        long t0 = System.nanoTime();
        if (anything) {
            Log.info("stopping the development stack…");
        }
        stopLiberty();
        if (keycloak != null) {
            try {
                keycloak.close();
            } catch (RuntimeException e) {
                Log.warn("stopping Keycloak: " + e.getMessage());
            }
        }
        if (database != null) {
            database.close();
        }
        if (mailSink != null) {
            mailSink.close();
        }
        if (anything) {
            Log.info(String.format(Locale.ROOT, "development stack stopped (%.1f s)", (System.nanoTime() - t0) / 1e9));
        }
    }

    private synchronized void stopLiberty() {
        Process p = liberty;
        if (p == null) {
            return;
        }
        liberty = null;
        Processes.stopAndReport(p, "Liberty", LIBERTY_STOP_GRACE, libertyPidFile);
    }

    // ------------------------------------------------------------------ data directory

    private static void prepareDataDir(Path dataDir) {
        try {
            Files.createDirectories(dataDir.resolve("logs"));
            Path marker = dataDir.resolve(DATA_DIR_MARKER);
            if (!Files.exists(marker)) {
                Files.writeString(marker, "Data directory of the Kyodo devstack (PostgreSQL, Keycloak, logs).\n"
                        + "`DevStack --reset` deletes this directory.\n", StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new DevStackException("cannot create the data directory " + dataDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Stops what a killed earlier run on the same data directory left running (identified by the pid files in
     * {@code <data>/run} and PostgreSQL's postmaster.pid, and by their command lines naming our directories).
     */
    static void stopLeftovers(DevStackConfig config) {
        Path run = config.dataDir().resolve("run");
        Processes.stopLeftover(run.resolve("liberty.pid"), "Liberty");
        Processes.stopLeftover(run.resolve("keycloak.pid"), "Keycloak");
        if (!config.externalDb()) {
            Processes.stopLeftoverPostgres(config.dataDir().resolve("postgres"));
        }
    }

    /**
     * Deletes the data directory. Refuses when it exists, is not empty and was not created by the devstack (no
     * {@value #DATA_DIR_MARKER} file), so a mistyped KYODO_DATA_DIR cannot wipe unrelated files.
     */
    static void resetDataDir(Path dataDir) {
        if (!Files.exists(dataDir)) {
            return;
        }
        try {
            boolean empty;
            try (var entries = Files.list(dataDir)) {
                empty = entries.findAny().isEmpty();
            }
            if (!empty && !Files.isRegularFile(dataDir.resolve(DATA_DIR_MARKER))) {
                throw new DevStackException("--reset: " + dataDir + " does not look like a devstack data directory (no "
                        + DATA_DIR_MARKER + " file); delete it yourself if you are sure");
            }
            Processes.stopLeftover(dataDir.resolve("run").resolve("liberty.pid"), "Liberty");
            Processes.stopLeftover(dataDir.resolve("run").resolve("keycloak.pid"), "Keycloak");
            Processes.stopLeftoverPostgres(dataDir.resolve("postgres"));
            Log.info("--reset: deleting " + dataDir);
            KeycloakServer.deleteTree(dataDir);
        } catch (IOException e) {
            throw new DevStackException("--reset: cannot delete " + dataDir + ": " + e.getMessage(), e);
        }
    }

    private static boolean isLocal(String host) {
        return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("::1");
    }

    // ------------------------------------------------------------------ run command

    /** Parsed command line of {@link #main(String[])}. */
    static final class Args {
        boolean reset;
        boolean seed;
        boolean help;
        Path liberty;
        String server;

        static Args parse(String... args) {
            Args a = new Args();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--reset":
                        a.reset = true;
                        break;
                    case "--seed":
                        a.seed = true;
                        break;
                    case "--help":
                    case "-h":
                        a.help = true;
                        break;
                    case "--liberty":
                        a.liberty = Paths.get(value(args, ++i, "--liberty"));
                        break;
                    case "--server":
                        a.server = value(args, ++i, "--server");
                        break;
                    default:
                        throw new IllegalArgumentException("unknown argument: " + args[i]);
                }
            }
            if ((a.liberty == null) != (a.server == null)) {
                throw new IllegalArgumentException("--liberty and --server go together");
            }
            return a;
        }

        private static String value(String[] args, int i, String flag) {
            if (i >= args.length || args[i].startsWith("--")) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            return args[i];
        }
    }

    public static void main(String[] argv) {
        Args args;
        try {
            args = Args.parse(argv);
        } catch (IllegalArgumentException e) {
            System.err.println("[kyodo] " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (args.help) {
            System.out.println(USAGE);
            return;
        }
        DevStack stack = null;
        try {
            DevStackConfig config = DevStackConfig.fromEnvironment();
            if (args.reset) {
                resetDataDir(config.dataDir());
            }
            stack = startBackingServices(config);
            if (args.liberty != null) {
                stack.startLiberty(args.liberty, args.server);
            }
            List<String> extra = new ArrayList<>();
            if (args.liberty != null || args.seed) {
                extra.addAll(runSeeder(config));
            } else {
                Log.info("no --liberty: demo seeding skipped (add --seed to run it against a Liberty started elsewhere)");
            }
            printBanner(config, args.liberty != null, extra);
        } catch (RuntimeException e) {
            System.err.println("[kyodo] FAILED: " + e.getMessage());
            if (!(e instanceof DevStackException)) {
                e.printStackTrace();
            }
            if (stack != null) {
                stack.close();
            }
            System.exit(1);
            return;
        }
        // Ctrl-C runs the shutdown hook (reverse-order stop); here we only watch for a service dying.
        while (true) {
            Processes.sleep(2000);
            Optional<String> dead = stack.deadService();
            if (dead.isPresent()) {
                System.err.println("[kyodo] " + dead.get() + " stopped unexpectedly; stopping the rest");
                stack.close();
                System.exit(1);
            }
        }
    }

    /** Runs the {@link DemoSeeder}s found (system property {@code kyodo.seeder}, else ServiceLoader). */
    static List<String> runSeeder(DevStackConfig config) {
        List<DemoSeeder> seeders = new ArrayList<>();
        String className = System.getProperty("kyodo.seeder");
        if (className != null && !className.isBlank()) {
            try {
                seeders.add((DemoSeeder) Class.forName(className.trim(), true,
                        Thread.currentThread().getContextClassLoader()).getDeclaredConstructor().newInstance());
            } catch (ReflectiveOperationException | ClassCastException e) {
                throw new DevStackException("cannot load the seeder kyodo.seeder=" + className + ": " + e, e);
            }
        } else {
            ServiceLoader.load(DemoSeeder.class).forEach(seeders::add);
        }
        if (seeders.isEmpty()) {
            Log.info("no DemoSeeder found: nothing seeded");
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        for (DemoSeeder s : seeders) {
            long t0 = System.nanoTime();
            Log.info("seeding with " + s.getClass().getName());
            try {
                List<String> out = s.seed(config);
                if (out != null) {
                    lines.addAll(out);
                }
                Log.info(String.format(Locale.ROOT, "seeding done (%.1f s)", (System.nanoTime() - t0) / 1e9));
            } catch (Exception e) {
                Log.warn("seeder " + s.getClass().getName() + " failed (the stack keeps running): " + e);
                lines.add("(seeding failed: " + e.getMessage() + ")");
            }
        }
        return lines;
    }

    static List<String> bannerLines(DevStackConfig c, boolean liberty, List<String> extra) {
        List<String> l = new ArrayList<>();
        l.add("==================================================================================");
        l.add("Kyodo development stack is running   (data: " + c.dataDir() + ")");
        if (liberty) {
            l.add("  Application      http://localhost:" + c.httpPort() + "/   (https: " + c.httpsPort() + ")");
        }
        l.add("  Keycloak         " + c.keycloakUrl() + "/admin/   (master realm: " + c.keycloakAdminUser() + " / "
                + c.keycloakAdminPassword() + ")");
        l.add("  Realm issuer     " + c.issuerUrl());
        l.add("  Account console  " + c.issuerUrl() + "/account/");
        if (!c.externalSmtp()) {
            l.add("  Mail (SMTP sink) localhost:" + c.smtpPort() + "   received mail: " + c.dataDir().resolve("mail") + "/*.eml");
        }
        l.add("  PostgreSQL       " + c.jdbcUrl() + "   owner " + c.dbOwnerUser() + " / " + c.dbOwnerPassword()
                + ", app " + c.dbAppUser() + " / " + c.dbAppPassword());
        l.add("  Demo logins      vendor / kyodo-demo     (role vendor)");
        l.add("                   analyst / kyodo-demo    (role national-analyst)");
        l.add("                   both with an authenticator app: key " + DemoAuthenticator.base32()
                + " (type it into your app; a second factor is required for these roles)");
        for (String e : extra) {
            l.add("  " + e);
        }
        l.add("  Logs             " + c.logsDir());
        l.add("  Press Ctrl-C to stop everything.");
        l.add("==================================================================================");
        return l;
    }

    private static void printBanner(DevStackConfig c, boolean liberty, List<String> extra) {
        System.out.println();
        for (String line : bannerLines(c, liberty, extra)) {
            Log.plain(line);
        }
        System.out.println();
    }
}
