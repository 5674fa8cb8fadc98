package jp.kyodo.devstack;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Child processes, ports, pid files and HTTP polling shared by the services. */
final class Processes {

    private static final Path SETSID = Paths.get("/usr/bin/setsid");

    private Processes() {
    }

    // ---------------------------------------------------------------- ports

    /** True when nothing listens on {@code port} (checked by connecting to loopback and binding the wildcard address). */
    static boolean isPortFree(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 300);
            return false;
        } catch (IOException expected) {
            // nobody answers on loopback: try to bind
        }
        try (ServerSocket ss = new ServerSocket()) {
            ss.setReuseAddress(true);
            ss.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Fails fast, naming the service and the variable, when the port is taken. */
    static void requirePortFree(int port, String service, String variable) {
        if (!isPortFree(port)) {
            throw new DevStackException("Port " + port + " for " + service + " is already in use (" + variable + "="
                    + port + "). Stop whatever listens there (e.g. `ss -ltnp 'sport = :" + port + "'`), or choose"
                    + " another port with " + variable + ", or set the matching KYODO_EXTERNAL_* flag to use a"
                    + " server that is already running.");
        }
    }

    static boolean canConnect(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Waits until a TCP connection to host:port succeeds. */
    static void waitForTcp(String service, String host, int port, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!canConnect(host, port)) {
            if (System.nanoTime() > deadline) {
                throw new DevStackException(service + " is not reachable at " + host + ":" + port + " after "
                        + timeout.toSeconds() + " s");
            }
            sleep(500);
        }
    }

    // ---------------------------------------------------------------- HTTP

    static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /** HTTP status of a GET, or -1 when the connection fails. */
    static int httpStatus(String url) {
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build();
            return HTTP.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevStackException("interrupted while calling " + url, e);
        }
    }

    /**
     * Polls {@code url} until it answers 200. Fails early when {@code process} (may be null) exits, and on timeout;
     * the exception message then carries the tail of {@code log} (may be null).
     */
    static void waitForHttp200(String service, String url, Duration timeout, Process process, Path log) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int last = -1;
        while (true) {
            last = httpStatus(url);
            if (last == 200) {
                return;
            }
            if (process != null && !process.isAlive()) {
                throw new DevStackException(service + " exited with code " + process.exitValue()
                        + " before " + url + " answered." + tailMessage(log));
            }
            if (System.nanoTime() > deadline) {
                throw new DevStackException(service + " did not answer 200 on " + url + " within "
                        + timeout.toSeconds() + " s (last status: " + (last < 0 ? "no connection" : last) + ")."
                        + tailMessage(log));
            }
            sleep(500);
        }
    }

    static String tailMessage(Path log) {
        if (log == null) {
            return "";
        }
        return "\n---- last lines of " + log + " ----\n" + tail(log, 40) + "\n---- end of " + log.getFileName() + " ----";
    }

    /** Last {@code lines} lines of a (possibly large) text file; reads at most the last 64 KiB. */
    static String tail(Path file, int lines) {
        if (!Files.isRegularFile(file)) {
            return "(no log file)";
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long len = raf.length();
            long from = Math.max(0, len - 65536);
            byte[] buf = new byte[(int) (len - from)];
            raf.seek(from);
            raf.readFully(buf);
            String text = new String(buf, StandardCharsets.UTF_8);
            String[] all = text.split("\r?\n");
            Deque<String> out = new ArrayDeque<>();
            for (int i = all.length - 1; i >= 0 && out.size() < lines; i--) {
                out.addFirst(all[i]);
            }
            return String.join("\n", out);
        } catch (IOException e) {
            return "(could not read " + file + ": " + e.getMessage() + ")";
        }
    }

    // ---------------------------------------------------------------- child processes

    /**
     * Starts a child process with stdout and stderr appended to {@code log}. On Linux the child gets its own session
     * ({@code setsid}), so a Ctrl-C in the terminal reaches only this JVM, which then stops the services in order.
     */
    static Process start(List<String> command, Path workDir, Map<String, String> extraEnv, Path log) {
        List<String> cmd = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            cmd.add(SETSID.toString());
        }
        cmd.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(Paths.get("/dev/null").toFile()))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(extraEnv);
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "\n==== " + java.time.OffsetDateTime.now() + " devstack starts: "
                    + String.join(" ", command) + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            return pb.start();
        } catch (IOException e) {
            throw new DevStackException("cannot start " + String.join(" ", command) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Stops a child: SIGTERM to it and its descendants, waits up to {@code grace}, then SIGKILL to whatever is left.
     * Returns true when it ended within the grace period.
     */
    /** Stops a child process (SIGTERM, then SIGKILL after the grace), forgets its pid file and says how long it took. */
    static void stopAndReport(Process process, String service, Duration grace, Path pidFile) {
        long t0 = System.nanoTime();
        boolean clean = stop(process, service, grace);
        deletePid(pidFile);
        Log.info(String.format(java.util.Locale.ROOT, "%s stopped%s (%.1f s)", service, clean ? "" : " (killed)",
                (System.nanoTime() - t0) / 1e9));
    }

    static boolean stop(Process process, String service, Duration grace) {
        if (process == null || !process.isAlive()) {
            return true;
        }
        ProcessHandle handle = process.toHandle();
        return stop(handle, service, grace);
    }

    static boolean stop(ProcessHandle handle, String service, Duration grace) {
        List<ProcessHandle> family = new ArrayList<>(handle.descendants().collect(Collectors.toList()));
        family.add(handle);
        for (ProcessHandle p : family) {
            p.destroy();
        }
        long deadline = System.nanoTime() + grace.toNanos();
        boolean clean = true;
        for (ProcessHandle p : family) {
            long left = deadline - System.nanoTime();
            try {
                p.onExit().get(Math.max(left, 1), TimeUnit.NANOSECONDS);
            } catch (Exception timeoutOrInterrupt) {
                // handled below
            }
            if (p.isAlive()) {
                clean = false;
            }
        }
        if (!clean) {
            Log.warn(service + " did not stop within " + grace.toSeconds() + " s: killing it");
            for (ProcessHandle p : family) {
                p.destroyForcibly();
            }
            for (ProcessHandle p : family) {
                try {
                    p.onExit().get(5, TimeUnit.SECONDS);
                } catch (Exception ignored) {
                    // nothing more to do
                }
            }
        }
        return clean;
    }

    // ---------------------------------------------------------------- pid files of our own children

    /**
     * Records a child we started: line 1 its pid, line 2 a marker its command line contains (an installation path),
     * so that {@link #stopLeftover} can recognise it after a crash without touching anybody else's process.
     */
    static void writePid(Path pidFile, Process process, String marker) {
        try {
            Files.createDirectories(pidFile.getParent());
            Files.writeString(pidFile, process.pid() + "\n" + marker + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            Log.warn("cannot write " + pidFile + ": " + e.getMessage());
        }
    }

    static void deletePid(Path pidFile) {
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException ignored) {
            // harmless
        }
    }

    /**
     * A previous devstack run that was killed (not stopped) can leave its children running. When {@code pidFile}
     * names a live process whose command line still contains the recorded marker, it is ours: stop it.
     */
    static void stopLeftover(Path pidFile, String service) {
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            long pid = Long.parseLong(lines.get(0).trim());
            String marker = lines.size() > 1 ? lines.get(1).trim() : "";
            Optional<ProcessHandle> ph = ProcessHandle.of(pid);
            if (!marker.isEmpty() && ph.isPresent() && ph.get().isAlive() && commandLineContains(pid, marker)) {
                Log.warn(service + " from an earlier run is still running (pid " + pid + "): stopping it");
                stop(ph.get(), service, Duration.ofSeconds(20));
            }
        } catch (IOException | RuntimeException e) {
            // unreadable pid file: ignore it
        }
        deletePid(pidFile);
    }

    /**
     * A PostgreSQL left running on {@code pgData} by a killed earlier run (postmaster.pid names a live postgres whose
     * command line contains that directory): ask it for a fast shutdown (SIGINT), then kill it after 20 s.
     */
    static void stopLeftoverPostgres(Path pgData) {
        Path pidFile = pgData.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(pidFile, StandardCharsets.US_ASCII).get(0).trim());
        } catch (IOException | RuntimeException e) {
            return;
        }
        Optional<ProcessHandle> ph = ProcessHandle.of(pid);
        if (ph.isEmpty() || !ph.get().isAlive() || !commandLineContains(pid, pgData.toString())) {
            return; // stale file: PostgreSQL removes it itself
        }
        Log.warn("PostgreSQL from an earlier run is still running on " + pgData + " (pid " + pid + "): stopping it");
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start().waitFor();
            ph.get().onExit().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            Log.warn("PostgreSQL pid " + pid + " did not stop in time: killing it");
            ph.get().destroyForcibly();
        }
    }

    private static boolean commandLineContains(long pid, String marker) {
        Path cmdline = Paths.get("/proc", Long.toString(pid), "cmdline");
        try {
            String text = new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).replace('\0', ' ');
            return text.contains(marker);
        } catch (IOException e) {
            return false;
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevStackException("interrupted", e);
        }
    }
}
