package jp.kyodo.it;

import java.io.File;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A partner-system simulator (deploy/simulators) as a separate process on loopback, started for a test and stopped
 * after it. Its port is a system property ({@code it.sim.<name>.port}) so parallel runs do not collide.
 */
public final class Simulator implements AutoCloseable {

    public final int port;
    private final Process process;

    private Simulator(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    public static Simulator start(String mainClass, String portProperty, int defaultPort, String... args) {
        int port = Integer.getInteger(portProperty, defaultPort);
        String cp = System.getProperty("kyodo.it.simulators.classes", "../simulators/target/classes");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", cp, "jp.kyodo.simulators." + mainClass, String.valueOf(port)));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(new File(System.getProperty("java.io.tmpdir"), "kyodo-sim-" + mainClass + "-" + port + ".log"))
                    .start();
            long until = System.nanoTime() + 20_000_000_000L;
            while (System.nanoTime() < until) {
                if (!p.isAlive()) {
                    throw new IllegalStateException(mainClass + " exited with " + p.exitValue() + " (port " + port + " taken?)");
                }
                try (Socket s = new Socket("127.0.0.1", port)) {
                    return new Simulator(port, p);
                } catch (IOException notYet) {
                    Thread.sleep(100);
                }
            }
            p.destroyForcibly();
            throw new IllegalStateException(mainClass + " did not listen on " + port + " within 20 s");
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + mainClass + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** {@code kill -9}: the process gets no chance to finish anything (SIGKILL), and is gone when this returns. */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new IllegalStateException("the simulator did not die");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The simulator's process id (for CPU figures). */
    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
