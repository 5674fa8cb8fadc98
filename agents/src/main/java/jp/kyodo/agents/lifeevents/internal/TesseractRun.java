package jp.kyodo.agents.lifeevents.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One run of the Tesseract program on one image: a separate process started without a shell, with fixed arguments
 * (the image and output are files this class creates, readable by the server only), an empty environment but for
 * {@code PATH} and one thread ({@code OMP_THREAD_LIMIT=1}), a time limit after which the process is killed, and at
 * most 64 KiB of its output read. Both files are deleted afterwards.
 */
public final class TesseractRun {

    /** Why a run gave no text. */
    public static final class Failed extends Exception {
        public final boolean timedOut;

        Failed(String message, boolean timedOut) {
            super(message);
            this.timedOut = timedOut;
        }
    }

    static final int MAX_OUTPUT = 64 * 1024;

    private TesseractRun() {
    }

    public static String run(Path binary, String languages, byte[] image, long timeoutMillis) throws Failed {
        Path dir = null;
        Process p = null;
        try {
            dir = Files.createTempDirectory("kyodo-ocr-", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            Path in = dir.resolve("image");
            Path out = dir.resolve("text");
            Files.write(in, image);
            ProcessBuilder pb = new ProcessBuilder(List.of(binary.toString(), in.toString(), "stdout", "-l", languages,
                    "--psm", "6"));
            Map<String, String> env = pb.environment();
            env.clear();
            env.put("PATH", "/usr/bin:/bin");
            env.put("OMP_THREAD_LIMIT", "1");
            pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            pb.redirectOutput(out.toFile());
            pb.redirectError(ProcessBuilder.Redirect.DISCARD);
            p = pb.start();
            if (!p.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
                throw new Failed("tesseract did not finish within " + timeoutMillis + " ms", true);
            }
            if (p.exitValue() != 0) {
                throw new Failed("tesseract exited with " + p.exitValue(), false);
            }
            try (InputStream r = Files.newInputStream(out)) {
                return new String(r.readNBytes(MAX_OUTPUT), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new Failed("tesseract could not run: " + e.getClass().getSimpleName(), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failed("interrupted", false);
        } finally {
            if (p != null && p.isAlive()) {
                p.destroyForcibly();
            }
            delete(dir);
        }
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a left-over temporary file is removed with the temporary directory; nothing else to do
        }
    }
}
