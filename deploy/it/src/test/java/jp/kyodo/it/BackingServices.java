package jp.kyodo.it;

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
    public static java.util.Optional<DevStack> stack() {
        return java.util.Optional.ofNullable(stack);
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
        java.nio.file.Path a = java.nio.file.Path.of(dir);
        java.nio.file.Path pids = a.getParent().resolve(".pid");
        String name = a.getFileName().toString();
        for (String server : java.util.List.of(name, name + "-b", name + "-prod")) {
            java.nio.file.Path pidFile = pids.resolve(server + ".pid");
            try {
                if (!java.nio.file.Files.isRegularFile(pidFile)) {
                    continue;
                }
                long pid = Long.parseLong(java.nio.file.Files.readString(pidFile).strip());
                java.util.Optional<ProcessHandle> p = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                        .filter(h -> h.info().commandLine().map(c -> c.contains("ws-server.jar")).orElse(false)
                                && h.info().arguments().map(args -> java.util.Arrays.asList(args).contains(server)).orElse(false));
                if (p.isPresent()) {
                    System.out.println("[it] stopping Liberty server " + server + " (pid " + pid + ") left running by an earlier run");
                    ProcessHandle h = p.get();
                    h.destroy();
                    try {
                        h.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (java.util.concurrent.TimeoutException stillRunning) {
                        h.destroyForcibly();
                        h.onExit().join();
                    }
                }
            } catch (java.io.IOException | NumberFormatException | java.util.concurrent.ExecutionException e) {
                System.out.println("[it] pid file " + pidFile + " not read: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
