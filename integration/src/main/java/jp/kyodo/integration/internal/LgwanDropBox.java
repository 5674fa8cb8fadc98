package jp.kyodo.integration.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The internet side of the LGWAN gateway's drop box: Kyodo cannot call anything on the LGWAN side, it only writes files
 * here and reads the results the gateway brings back. A file is written whole under a temporary name, renamed, and
 * only then marked complete by its done-file ({@code <name>.done}); the gateway takes nothing without one. Names are
 * Kyodo's message ids, so writing a message again (a retry after a crash) replaces the same file and the LGWAN side
 * applies it once. Each city has its own folders ({@code <drop-dir>/<city code>/send} and {@code …/receive}); the city
 * code is the validated one of the bound city, never a value from a request.
 */
@ApplicationScoped
public class LgwanDropBox {

    /** A result file that came back, complete (its done-file is there). */
    public record Result(String name, String body) {
    }

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,200}");

    @Inject
    IntegrationConfig config;

    private Path city(String cityCode) {
        String dir = config.lgwanDropDir == null ? "" : config.lgwanDropDir.strip();
        if (dir.isEmpty()) {
            throw new Failures.Transient("the LGWAN drop box is not configured (kyodo.integration.lgwan.drop-dir)");
        }
        if (!NAME.matcher(cityCode).matches()) {
            throw new Failures.Permanent("not a city code: " + cityCode);
        }
        return Path.of(dir).resolve(cityCode);
    }

    /** Drops one message for the LGWAN side: {@code send/<name>} then {@code send/<name>.done}. */
    public void send(String cityCode, String name, String body) {
        if (!NAME.matcher(name).matches()) {
            throw new Failures.Permanent("not a file name: " + name);
        }
        Path dir = city(cityCode).resolve("send");
        try {
            Files.createDirectories(dir);
            Path part = dir.resolve("." + name + ".part");
            Files.writeString(part, body, StandardCharsets.UTF_8);
            Files.move(part, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Files.write(dir.resolve(name + ".done"), new byte[0], StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new Failures.Transient("the LGWAN drop box cannot be written: " + e.getMessage());
        }
    }

    /** The complete results in {@code receive/}, oldest first, at most {@code limit}. */
    public List<Result> results(String cityCode, int limit) {
        Path dir = city(cityCode).resolve("receive");
        List<Path> done = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.done")) {
            s.forEach(done::add);
        } catch (IOException e) {
            throw new Failures.Transient("the LGWAN drop box cannot be read: " + e.getMessage());
        }
        done.sort(Comparator.comparing(p -> p.getFileName().toString()));
        List<Result> out = new ArrayList<>();
        for (Path d : done) {
            String n = d.getFileName().toString();
            String name = n.substring(0, n.length() - ".done".length());
            Path file = dir.resolve(name);
            try {
                if (!Files.exists(file)) {
                    Files.deleteIfExists(d);
                    continue;
                }
                out.add(new Result(name, Files.readString(file, StandardCharsets.UTF_8)));
            } catch (IOException e) {
                continue; // unreadable now: the next poll tries again
            }
            if (out.size() >= limit) {
                break;
            }
        }
        return out;
    }

    /** Removes a result that has been received (data first, then its done-file). */
    public void remove(String cityCode, String name) {
        Path dir = city(cityCode).resolve("receive");
        try {
            Files.deleteIfExists(dir.resolve(name));
            Files.deleteIfExists(dir.resolve(name + ".done"));
        } catch (IOException e) {
            throw new Failures.Transient("the LGWAN drop box cannot be cleaned: " + e.getMessage());
        }
    }
}
