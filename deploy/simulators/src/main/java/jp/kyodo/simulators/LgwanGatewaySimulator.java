package jp.kyodo.simulators;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * An LGWAN file gateway (store and forward, 無害化) with a 児童手当 system on its LGWAN side. Two zones on disk: the
 * internet-side drop box that Kyodo writes to and reads from, and the LGWAN zone that only this gateway reaches. Kyodo
 * never calls the LGWAN side: files cross only through the gateway, which sanitises each one (rejects what is not text
 * of an allowed type, strips active content, disables URLs, logs every reject and change) and forwards it; a done-file
 * ({@code <name>.done}) marks each complete transfer in every folder. The LGWAN-side system pulls its inbox, applies
 * each application once (by file name, the message id) and answers with a result file that comes back the same way.
 *
 * <pre>
 *   drop/&lt;lgCode&gt;/send/      Kyodo → gateway     (&lt;id&gt;.json + &lt;id&gt;.json.done)
 *   drop/&lt;lgCode&gt;/receive/   gateway → Kyodo     (&lt;id&gt;.json.r&lt;n&gt;.result.json + .done)
 *   lgwan/&lt;lgCode&gt;/in/       gateway → 児童手当   (sanitised copies)
 *   lgwan/&lt;lgCode&gt;/out/      児童手当 → gateway   (results)
 *   lgwan/gateway.log         what was rejected or changed, and why
 * </pre>
 *
 * <p>Usage: {@code java -cp target/classes jp.kyodo.simulators.LgwanGatewaySimulator [port] [drop-dir] [lgwan-dir]};
 * the HTTP port carries only the test controls under {@code /_sim/} (the gateway itself has no API). See README.md.
 */
public final class LgwanGatewaySimulator {

    static final Set<String> ALLOWED = Set.of("json", "csv", "xml", "txt");
    static final int MAX_BYTES = 2 * 1024 * 1024;
    private static final Pattern SCRIPT = Pattern.compile("(?is)<script\\b.*?</script\\s*>|<script\\b[^>]*>");
    private static final Pattern EVENT_ATTR = Pattern.compile("(?i)\\son[a-z]+\\s*=");
    private static final Pattern URL = Pattern.compile("(?i)\\b(https?|ftp|file|javascript|vbscript|data):");

    record Effect(long order, String messageId, String applicationId, String receptionNumber) {
    }

    /** The outcome of sanitising one file: the bytes to forward, or the reason it is refused; the changes made. */
    record Sanitised(byte[] bytes, String rejected, List<String> changes) {
    }

    private final Path drop;
    private final Path lgwan;
    private final Map<String, List<Effect>> effects = new ConcurrentHashMap<>();
    private final Set<String> applied = ConcurrentHashMap.newKeySet();
    private final Set<String> down = ConcurrentHashMap.newKeySet();
    private final Set<String> refusing = ConcurrentHashMap.newKeySet();
    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong sanitisedFiles = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong results = new AtomicLong();
    private final AtomicLong order = new AtomicLong();

    LgwanGatewaySimulator(Path drop, Path lgwan) {
        this.drop = drop;
        this.lgwan = lgwan;
    }

    public static void main(String[] args) throws IOException {
        int port = SimHttp.port(args, 7064);
        Path drop = Path.of(args.length > 1 ? args[1] : "target/lgwan/drop").toAbsolutePath();
        Path lgwan = Path.of(args.length > 2 ? args[2] : "target/lgwan/lgwan").toAbsolutePath();
        Files.createDirectories(drop);
        Files.createDirectories(lgwan);
        var sim = new LgwanGatewaySimulator(drop, lgwan);
        var loop = Executors.newSingleThreadScheduledExecutor();
        loop.scheduleWithFixedDelay(sim::cycle, 100, 200, TimeUnit.MILLISECONDS);
        HttpServer server = SimHttp.loopback(port);
        server.createContext("/", sim::handle);
        server.start();
        System.out.println("LGWAN gateway simulator on 127.0.0.1:" + port + " drop " + drop + " lgwan " + lgwan);
    }

    /** One pass: forward what Kyodo dropped, let the LGWAN-side system work, bring its results back. */
    void cycle() {
        try {
            for (Path city : dirs(drop)) {
                String lg = city.getFileName().toString();
                inbound(lg);
                if (!down.contains(lg)) {
                    coreSystem(lg);
                }
                outbound(lg);
            }
        } catch (RuntimeException | IOException e) {
            System.out.println("gateway cycle failed (next pass retries): " + e);
        }
    }

    /** Internet → LGWAN: each complete file is sanitised and forwarded, or refused with a result saying why. */
    private void inbound(String lg) throws IOException {
        Path send = drop.resolve(lg).resolve("send");
        for (Path done : doneFiles(send)) {
            Path file = dataOf(done);
            String name = file.getFileName().toString();
            if (!Files.exists(file)) {
                Files.deleteIfExists(done); // a done-file whose data is gone: nothing to forward
                continue;
            }
            Sanitised s = sanitise(name, Files.readAllBytes(file));
            if (s.rejected() != null) {
                rejected.incrementAndGet();
                log(lg, name, "REJECTED " + s.rejected());
                writeWithDone(drop.resolve(lg).resolve("receive"), resultName(name), result(name, "REJECTED", "gateway",
                        s.rejected(), null));
            } else {
                if (!s.changes().isEmpty()) {
                    sanitisedFiles.incrementAndGet();
                    log(lg, name, "SANITISED " + String.join("; ", s.changes()));
                }
                writeWithDone(lgwan.resolve(lg).resolve("in"), name, s.bytes());
                forwarded.incrementAndGet();
            }
            Files.deleteIfExists(file);
            Files.deleteIfExists(done);
        }
    }

    /** The LGWAN-side 児童手当 system: pulls its inbox, applies each message once, answers with a result. */
    private void coreSystem(String lg) throws IOException {
        Path in = lgwan.resolve(lg).resolve("in");
        for (Path done : doneFiles(in)) {
            Path file = dataOf(done);
            String name = file.getFileName().toString();
            if (!Files.exists(file)) {
                Files.deleteIfExists(done);
                continue;
            }
            String body = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            String applicationId = SimHttp.str(body, "applicationId");
            byte[] answer;
            if (body.matches("(?s)\\{\\s*\"test\"\\s*:\\s*true\\s*}\\s*")) {
                answer = result(name, "ACCEPTED", "core-system", "test message", null); // a connection test: no effect
            } else if (refusing.contains(lg)) {
                answer = result(name, "REJECTED", "core-system", "受給者台帳に登録できません (cannot_register)", applicationId);
            } else if (applicationId == null || applicationId.isBlank()) {
                answer = result(name, "REJECTED", "core-system", "applicationId がありません (applicationId_required)", null);
            } else if (!applied.add(lg + "|" + name)) {
                duplicates.incrementAndGet();
                answer = result(name, "ACCEPTED", "core-system", "duplicate", applicationId);
            } else {
                effects.computeIfAbsent(lg, k -> new CopyOnWriteArrayList<>()).add(new Effect(order.incrementAndGet(),
                        name.replaceFirst("\\.json$", ""), applicationId, SimHttp.str(body, "receptionNumber")));
                answer = result(name, "ACCEPTED", "core-system", null, applicationId);
            }
            writeWithDone(lgwan.resolve(lg).resolve("out"), resultName(name), answer);
            Files.deleteIfExists(file);
            Files.deleteIfExists(done);
        }
    }

    /** LGWAN → internet: results go back to the drop box (they are the gateway's own text: forwarded as they are). */
    private void outbound(String lg) throws IOException {
        Path out = lgwan.resolve(lg).resolve("out");
        for (Path done : doneFiles(out)) {
            Path file = dataOf(done);
            if (Files.exists(file)) {
                writeWithDone(drop.resolve(lg).resolve("receive"), file.getFileName().toString(), Files.readAllBytes(file));
                results.incrementAndGet();
            }
            Files.deleteIfExists(file);
            Files.deleteIfExists(done);
        }
    }

    /**
     * 無害化: a file of a type other than text (json, csv, xml, txt), too large, not valid UTF-8 or Shift_JIS text, or
     * holding control characters is refused; from the rest, script elements and event-handler attributes are removed
     * and URLs disabled ({@code http:} → {@code hxxp:}), in the file's own encoding.
     */
    static Sanitised sanitise(String name, byte[] bytes) {
        List<String> changes = new ArrayList<>();
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        if (!ALLOWED.contains(ext)) {
            return new Sanitised(null, "file type not allowed: ." + ext, changes);
        }
        if (bytes.length > MAX_BYTES) {
            return new Sanitised(null, "too large: " + bytes.length + " bytes", changes);
        }
        Charset cs = StandardCharsets.UTF_8;
        String text = decode(bytes, cs);
        if (text == null) {
            cs = Charset.forName("windows-31j");
            text = decode(bytes, cs);
        }
        if (text == null) {
            return new Sanitised(null, "not text in UTF-8 or Shift_JIS", changes);
        }
        for (char c : text.toCharArray()) {
            if (c < 0x20 && c != '\t' && c != '\r' && c != '\n' || c == 0x7f) {
                return new Sanitised(null, "binary content (control character U+" + String.format("%04X", (int) c) + ")", changes);
            }
        }
        String clean = SCRIPT.matcher(text).replaceAll("");
        if (!clean.equals(text)) {
            changes.add("script removed");
        }
        String noEvents = EVENT_ATTR.matcher(clean).replaceAll(" data-removed=");
        if (!noEvents.equals(clean)) {
            changes.add("event handler attribute disabled");
        }
        String noUrls = URL.matcher(noEvents).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(
                m.group(1).toLowerCase(Locale.ROOT).startsWith("http") ? m.group(1).replaceFirst("(?i)^http", "hxxp") + ":"
                        : m.group(1) + "-disabled:"));
        if (!noUrls.equals(noEvents)) {
            changes.add("URL disabled");
        }
        return new Sanitised(changes.isEmpty() ? bytes : noUrls.getBytes(cs), null, changes);
    }

    private static String decode(byte[] bytes, Charset cs) {
        try {
            return cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private final AtomicLong resultSeq = new AtomicLong();

    /** Every result has a name of its own (a message answered twice gets two results). */
    private String resultName(String name) {
        return name + ".r" + System.currentTimeMillis() + "-" + resultSeq.incrementAndGet() + ".result.json";
    }

    private static byte[] result(String file, String status, String stage, String reason, String applicationId) {
        return ("{\"file\":" + SimHttp.q(file) + ",\"messageId\":" + SimHttp.q(file.replaceFirst("\\.json$", ""))
                + ",\"status\":" + SimHttp.q(status) + ",\"stage\":" + SimHttp.q(stage) + ",\"reason\":" + SimHttp.q(reason)
                + ",\"applicationId\":" + SimHttp.q(applicationId) + ",\"at\":" + SimHttp.q(OffsetDateTime.now().toString())
                + "}").getBytes(StandardCharsets.UTF_8);
    }

    /** Writes a file whole (temporary name, then an atomic rename), then its done-file. */
    static void writeWithDone(Path dir, String name, byte[] bytes) throws IOException {
        Files.createDirectories(dir);
        Path part = dir.resolve("." + name + ".part");
        Files.write(part, bytes);
        Files.move(part, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Files.write(dir.resolve(name + ".done"), new byte[0], StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    private void log(String lg, String name, String what) {
        try {
            Files.writeString(lgwan.resolve("gateway.log"), OffsetDateTime.now() + " " + lg + " " + name + " " + what + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> dirs(Path root) throws IOException {
        List<Path> out = new ArrayList<>();
        if (Files.isDirectory(root)) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(root, Files::isDirectory)) {
                s.forEach(out::add);
            }
        }
        return out;
    }

    /** The done-files of a folder, oldest first (the order files were completed in). */
    private static List<Path> doneFiles(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.done")) {
                s.forEach(out::add);
            }
        }
        out.sort((x, y) -> {
            try {
                return Files.getLastModifiedTime(x).compareTo(Files.getLastModifiedTime(y));
            } catch (IOException e) {
                return 0;
            }
        });
        return out;
    }

    private static Path dataOf(Path done) {
        String n = done.getFileName().toString();
        return done.resolveSibling(n.substring(0, n.length() - ".done".length()));
    }

    // ------------------------------------------------------------------ test controls

    void handle(HttpExchange ex) throws IOException {
        try {
            String path = ex.getRequestURI().getPath();
            switch (path) {
                case "/_sim/mode" -> {
                    String body = SimHttp.body(ex);
                    String lg = SimHttp.str(body, "lgCode");
                    String mode = SimHttp.str(body, "mode");
                    down.remove(lg);
                    refusing.remove(lg);
                    if ("down".equals(mode)) {
                        down.add(lg);
                    } else if ("refuse".equals(mode)) {
                        refusing.add(lg);
                    }
                    SimHttp.send(ex, 200, "{\"mode\":" + SimHttp.q(mode) + "}");
                }
                case "/_sim/received" -> {
                    String lg = SimHttp.query(ex).get("lgCode");
                    StringBuilder b = new StringBuilder("{\"forwarded\":" + forwarded.get() + ",\"rejected\":" + rejected.get()
                            + ",\"sanitised\":" + sanitisedFiles.get() + ",\"duplicates\":" + duplicates.get() + ",\"results\":"
                            + results.get() + ",\"effects\":[");
                    List<Effect> list = effects.getOrDefault(lg, List.of());
                    for (int i = 0; i < list.size(); i++) {
                        Effect e = list.get(i);
                        b.append(i == 0 ? "" : ",").append("{\"order\":").append(e.order).append(",\"messageId\":")
                                .append(SimHttp.q(e.messageId)).append(",\"applicationId\":").append(SimHttp.q(e.applicationId))
                                .append(",\"receptionNumber\":").append(SimHttp.q(e.receptionNumber)).append("}");
                    }
                    SimHttp.send(ex, 200, b.append("]}").toString());
                }
                case "/_sim/log" -> {
                    Path log = lgwan.resolve("gateway.log");
                    String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
                    SimHttp.send(ex, 200, "{\"log\":" + SimHttp.q(text) + "}");
                }
                default -> SimHttp.send(ex, 404, "{}");
            }
        } catch (RuntimeException e) {
            SimHttp.send(ex, 500, "{\"error\":\"simulator\"}");
        }
    }
}
