package jp.kyodo.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Attack suite, issue #10 item 11: no development default reaches production. A second Liberty server of the same
 * installation (not a second stack: no database, Keycloak or Arquillian of its own) is started with the application
 * as a production deployment would run it — dev mode off — but with development secrets: the integration tests'
 * secrets key and the dev database password, every other secret set to a fresh value. The application must refuse
 * to start, naming exactly those two settings in one clear line of the server's log, and the whole server stops by
 * itself (session 6 found that only the guarded web module failed while Liberty started the others).
 */
class ProductionStartIT {

    static final String REFUSAL = "[kyodo] refusing to start outside dev mode: ";
    static final Duration WAIT = Duration.ofMinutes(6);

    @Test
    void theServerRefusesToStartOutsideDevModeWithADevelopmentSecret() throws Exception {
        Path itServer = Path.of(System.getProperty("kyodo.it.server.dir"));
        Path wlp = itServer.getParent().getParent().getParent();
        String name = itServer.getFileName() + "-prod";
        Path dir = wlp.resolve("usr").resolve("servers").resolve(name);
        deleteTree(dir);
        Files.createDirectories(dir.resolve("apps"));
        Files.copy(itServer.resolve("kyodo-common.xml"), dir.resolve("kyodo-common.xml"));
        Files.copy(Path.of(System.getProperty("kyodo.it.ear")), dir.resolve("apps").resolve("kyodo-app.ear"));
        // the run server's configuration (deploy/liberty/config/server.xml): the application as an enterprise application
        Files.copy(Path.of("..", "liberty", "config", "server.xml"), dir.resolve("server.xml"));
        Files.writeString(dir.resolve("jvm.options"), jvmOptions());

        Map<String, String> env = new HashMap<>();
        env.put("KYODO_HTTP_PORT", String.valueOf(freePort()));
        env.put("KYODO_HTTPS_PORT", String.valueOf(freePort()));
        env.put("KYODO_DB_PORT", System.getenv().getOrDefault("KYODO_DB_PORT", "55432"));
        env.put("KYODO_KEYCLOAK_URL", System.getenv().getOrDefault("KYODO_KEYCLOAK_URL", "http://localhost:8180"));
        env.put("KYODO_DATA_DIR", dir.resolve("data").toString());
        // production: dev mode off; the secrets a deployment sets, two of them still at their development values
        env.put("KYODO_DEV_MODE", "false");
        env.put("KYODO_ADMIN_CLIENT_SECRET", UUID.randomUUID().toString());
        env.put("KYODO_WEB_CLIENT_SECRET", UUID.randomUUID().toString());
        env.put("KYODO_DB_OWNER_PASSWORD", UUID.randomUUID().toString());
        env.put("KYODO_DB_APP_PASSWORD", "kyodo_app_dev");
        env.put("KYODO_SECRETS_KEY", "it-only-secrets-key-not-for-production");

        Path script = wlp.resolve("bin").resolve("server");
        Path messages = dir.resolve("logs").resolve("messages.log");
        Process server = start(env, script.toString(), "start", name);
        try {
            assertTrue(server.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "server start did not return");
            // the application's start ends one way or the other: refused (CWWKZ0002E) or, wrongly, started (CWWKZ0001I)
            long deadline = System.nanoTime() + WAIT.toNanos();
            String log = "";
            while (System.nanoTime() < deadline) {
                log = Files.exists(messages) ? Files.readString(messages, StandardCharsets.UTF_8) : "";
                // the application's start is over: failed (CWWKZ0002E) or reported started (CWWKZ0001I)
                if (log.contains(REFUSAL) || log.contains("CWWKZ0002E") || log.contains("CWWKZ0001I")) {
                    break;
                }
                Thread.sleep(500);
            }
            String seen = log;
            String refusal = seen.lines().filter(l -> l.contains(REFUSAL)).findFirst()
                    .orElseThrow(() -> new AssertionError("no refusal in the log of a production start with development secrets:\n"
                            + tail(seen)));
            System.out.println("[attack-suite] production start with development secrets: " + refusal.strip());
            assertTrue(refusal.contains("kyodo.secrets.key has a development value"), refusal);
            assertTrue(refusal.contains("kyodo.db.app.password has a development value"), refusal);
            for (String set : new String[] {"kyodo.admin.client.secret", "kyodo.web.client.secret", "kyodo.db.owner.password"}) {
                assertFalse(refusal.contains(set), () -> set + " was set to a production value: " + refusal);
            }
            // the whole server stops by itself: no module of the application (the pages included) keeps answering
            assertTrue(stopsBySelf(env, script, name), () -> "the server is still running after the refusal:\n"
                    + tail(readLog(messages)));
            assertFalse(seen.contains("Flyway") && seen.contains("Migrating schema"),
                    () -> "the database was touched with a development password:\n" + tail(seen));
        } finally {
            Process stop = start(env, script.toString(), "stop", name);
            stop.waitFor(3, TimeUnit.MINUTES);
        }
    }

    /** Polls {@code server status} (exit code 0 while running) until the server is not running, or WAIT has passed. */
    static boolean stopsBySelf(Map<String, String> env, Path script, String name) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Process status = start(env, script.toString(), "status", name);
            if (status.waitFor(2, TimeUnit.MINUTES) && status.exitValue() != 0) {
                return true;
            }
            Thread.sleep(1000);
        }
        return false;
    }

    static String readLog(Path messages) {
        try {
            return Files.exists(messages) ? Files.readString(messages, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(the log could not be read: " + e + ")";
        }
    }

    static Process start(Map<String, String> env, String... command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().keySet().removeIf(k -> k.startsWith("KYODO_"));
        pb.environment().putAll(env);
        return pb.start();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static String tail(String log) {
        String[] lines = log.split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 40), lines.length));
    }

    /**
     * The jvm.options of a Liberty server a test starts itself: no more heap than it needs (a shared machine), and the
     * test servers' JIT setting of the build ({@code it.jvm.args}, the one Arquillian gives server A).
     */
    static String jvmOptions() {
        StringBuilder options = new StringBuilder("-Xmx768m\n");
        for (String arg : System.getProperty("kyodo.it.jvm.args", "").trim().split("\\s+")) {
            if (!arg.isEmpty()) {
                options.append(arg).append('\n');
            }
        }
        return options.toString();
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
