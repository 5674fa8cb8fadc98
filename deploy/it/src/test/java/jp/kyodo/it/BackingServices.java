package jp.kyodo.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jp.kyodo.devstack.DevStack;
import jp.kyodo.devstack.DevStackConfig;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Starts the real PostgreSQL and Keycloak once for the whole integration-test run (before
 * Arquillian starts Liberty), on the ports the build gives in KYODO_* variables, and stops them at
 * the end. Liberty inherits the same variables.
 */
public class BackingServices implements LauncherSessionListener {

    private static DevStack stack;

    /** The backing services of this run (with the SMTP sink), when this JVM started them. */
    public static Optional<DevStack> stack() {
        return Optional.ofNullable(stack);
    }

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        stopLeftoverServers();
        if (stack == null && System.getenv("KYODO_DATA_DIR") != null) {
            stack = DevStack.startBackingServices(DevStackConfig.fromEnvironment());
        }
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        Chromium.quitKept();
        if (stack != null) {
            stack.close();
            stack = null;
        }
    }

    /**
     * Stops the Liberty servers of this test installation that a killed earlier run left running: server A, and the
     * servers B and prod that {@code TwoServersIT}, {@code IntegrationKillIT} and {@code ProductionStartIT} start next to
     * it. Arquillian refuses to start server A while any JVM whose name <em>contains</em> A's name runs ("Connecting to
     * an already running server is not allowed"), so one leftover {@code kyodo-it-b} stopped every later run. A server is
     * found by the pid file Liberty keeps while it runs ({@code usr/servers/.pid/<name>.pid}) and stopped only when that
     * process is a Liberty server of that name (a pid can be reused).
     */
    private static void stopLeftoverServers() {
        String dir = System.getProperty("kyodo.it.server.dir");
        if (dir == null) {
            return;
        }
        Path a = Path.of(dir);
        Path pids = a.getParent().resolve(".pid");
        String name = a.getFileName().toString();
        for (String server : List.of(name, name + "-b", name + "-prod")) {
            Path pidFile = pids.resolve(server + ".pid");
            try {
                if (!Files.isRegularFile(pidFile)) {
                    continue;
                }
                long pid = Long.parseLong(Files.readString(pidFile).strip());
                Optional<ProcessHandle> p = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                        .filter(h -> h.info().commandLine().map(c -> c.contains("ws-server.jar")).orElse(false)
                                && h.info().arguments().map(args -> Arrays.asList(args).contains(server)).orElse(false));
                if (p.isPresent()) {
                    System.out.println("[it] stopping Liberty server " + server + " (pid " + pid + ") left running by an earlier run");
                    ProcessHandle h = p.get();
                    h.destroy();
                    try {
                        h.onExit().get(60, TimeUnit.SECONDS);
                    } catch (TimeoutException stillRunning) {
                        h.destroyForcibly();
                        h.onExit().join();
                    }
                }
            } catch (IOException | NumberFormatException | ExecutionException e) {
                System.out.println("[it] pid file " + pidFile + " not read: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
