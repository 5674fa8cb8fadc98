package jp.kyodo.simulators;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * 標準準拠システム 児童手当 (child allowance) receiving approved applications from Kyodo: {@code POST /api/v1/applications}
 * with {@code Idempotency-Key} (a repeated key is answered 200 and changes nothing), {@code X-Kyodo-City},
 * {@code X-Kyodo-Message-Key}; a body without {@code applicationId} is refused 422. Per city it can be down (503) or
 * flaky (503 for a share of calls) or refuse everything (422). Test controls under {@code /_sim/}. See README.md.
 *
 * <p>Usage: {@code java -cp target/classes jp.kyodo.simulators.ChildAllowanceSimulator [port] [journal-file]} (with a
 * journal it survives {@code kill -9}: see {@link #open}).
 */
public final class ChildAllowanceSimulator {

    record Effect(long order, String idempotencyKey, String messageKey, String applicationId, String receptionNumber) {
    }

    private final Map<String, List<Effect>> effects = new ConcurrentHashMap<>();
    private final Set<String> keys = ConcurrentHashMap.newKeySet();
    private final Set<String> down = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> flakyPercent = new ConcurrentHashMap<>();
    /** Mode "slow": each call of the city waits this long before it is applied (a partner under load). */
    private final Map<String, Integer> slowMillis = new ConcurrentHashMap<>();
    /** Cities whose first delivery of each message is applied but answered 503 (the answer "lost"): Kyodo sends it again. */
    private final Set<String> ackLost = ConcurrentHashMap.newKeySet();
    /** Cities whose 児童手当 system refuses every application (422: the record cannot be registered). */
    private final Set<String> refusing = ConcurrentHashMap.newKeySet();
    private final AtomicLong deliveries = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong order = new AtomicLong();

    /** Where applied messages are recorded before the reply (null: in memory only). */
    private FileChannel journal;

    public static void main(String[] args) throws IOException {
        int port = SimHttp.port(args, 7062);
        var sim = new ChildAllowanceSimulator();
        if (args.length > 1) {
            sim.open(Path.of(args[1]));
        }
        HttpServer server = SimHttp.loopback(port);
        server.createContext("/", sim::handle);
        server.start();
        System.out.println("child-allowance simulator on 127.0.0.1:" + port);
    }

    /**
     * A durable 児童手当 system: every applied message is appended to the journal and forced to disk <em>before</em> it
     * is answered, as a real system commits before it replies; on start the journal is read back, so a restart after
     * {@code kill -9} knows every key it applied (a message applied just before the kill, whose reply was lost, is a
     * duplicate when Kyodo sends it again).
     */
    void open(Path file) throws IOException {
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] f = line.split("\t", -1);
                if (f.length == 5 && keys.add(f[0] + "|" + f[1])) { // a torn last line (no newline yet) has fewer fields
                    effects.computeIfAbsent(f[0], c -> new CopyOnWriteArrayList<>()).add(new Effect(order.incrementAndGet(),
                            f[1], f[2], f[3], f[4].isEmpty() ? null : f[4]));
                }
            }
        }
        journal = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    private void record(String city, Effect e) throws IOException {
        if (journal != null) {
            String line = String.join("\t", city, e.idempotencyKey(), clean(e.messageKey()), clean(e.applicationId()),
                    clean(e.receptionNumber())) + "\n";
            journal.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
            journal.force(false);
        }
    }

    private static String clean(String v) {
        return v == null ? "" : v.replace('\t', ' ').replace('\n', ' ');
    }

    void handle(HttpExchange ex) throws IOException {
        try {
            String path = ex.getRequestURI().getPath();
            if (path.startsWith("/_sim/")) {
                control(ex, path);
                return;
            }
            if (!path.equals("/api/v1/applications") || !ex.getRequestMethod().equals("POST")) {
                SimHttp.send(ex, 404, "{\"error\":\"not_found\"}");
                return;
            }
            String body = SimHttp.body(ex);
            String city = ex.getRequestHeaders().getFirst("X-Kyodo-City");
            String key = ex.getRequestHeaders().getFirst("Idempotency-Key");
            deliveries.incrementAndGet();
            if (city == null || key == null) {
                refused.incrementAndGet();
                SimHttp.send(ex, 400, "{\"error\":\"missing_headers\"}");
                return;
            }
            Integer slow = slowMillis.get(city);
            if (slow != null) {
                try {
                    Thread.sleep(slow);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            int flaky = flakyPercent.getOrDefault(city, 0);
            if (down.contains(city) || (flaky > 0 && ThreadLocalRandom.current().nextInt(100) < flaky)) {
                SimHttp.send(ex, 503, "{\"error\":\"unavailable\"}");
                return;
            }
            String topic = ex.getRequestHeaders().getFirst("X-Kyodo-Topic");
            if (topic != null && topic.endsWith(".test")) {
                SimHttp.send(ex, 202, "{\"test\":true}");
                return;
            }
            String applicationId = SimHttp.str(body, "applicationId");
            if (applicationId == null || applicationId.isBlank()) {
                refused.incrementAndGet();
                SimHttp.send(ex, 422, "{\"error\":\"applicationId_required\"}");
                return;
            }
            String decision = SimHttp.str(body, "decision");
            if (decision != null && !"APPROVED".equals(decision)) {
                refused.incrementAndGet();
                SimHttp.send(ex, 422, "{\"error\":\"only_approved_applications\"}");
                return;
            }
            if (refusing.contains(city)) {
                refused.incrementAndGet();
                SimHttp.send(ex, 422, "{\"error\":\"cannot_register\",\"detail\":\"受給者台帳に登録できません\"}");
                return;
            }
            synchronized (this) {
                if (!keys.add(city + "|" + key)) {
                    duplicates.incrementAndGet();
                    SimHttp.send(ex, 200, "{\"duplicate\":true}");
                    return;
                }
                Effect effect = new Effect(order.incrementAndGet(), key, ex.getRequestHeaders().getFirst("X-Kyodo-Message-Key"),
                        applicationId, SimHttp.str(body, "receptionNumber"));
                record(city, effect);
                effects.computeIfAbsent(city, c -> new CopyOnWriteArrayList<>()).add(effect);
            }
            if (ackLost.contains(city)) {
                SimHttp.send(ex, 503, "{\"error\":\"reply_lost\"}");
                return;
            }
            SimHttp.send(ex, 201, "{\"accepted\":true}");
        } catch (RuntimeException e) {
            SimHttp.send(ex, 500, "{\"error\":\"simulator\"}");
        }
    }

    private void control(HttpExchange ex, String path) throws IOException {
        switch (path) {
            case "/_sim/mode" -> {
                String body = SimHttp.body(ex);
                String lg = SimHttp.str(body, "lgCode");
                String mode = SimHttp.str(body, "mode");
                down.remove(lg);
                flakyPercent.remove(lg);
                slowMillis.remove(lg);
                ackLost.remove(lg);
                refusing.remove(lg);
                if ("refuse".equals(mode)) {
                    refusing.add(lg);
                } else if ("down".equals(mode)) {
                    down.add(lg);
                } else if ("ack-lost".equals(mode)) {
                    ackLost.add(lg);
                } else if ("slow".equals(mode)) {
                    slowMillis.put(lg, SimHttp.num(body, "millis") == null ? 300 : SimHttp.num(body, "millis"));
                } else if ("flaky".equals(mode)) {
                    flakyPercent.put(lg, SimHttp.num(body, "percent") == null ? 50 : SimHttp.num(body, "percent"));
                }
                SimHttp.send(ex, 200, "{\"mode\":" + SimHttp.q(mode) + "}");
            }
            case "/_sim/received" -> {
                String lg = SimHttp.query(ex).get("lgCode");
                StringBuilder b = new StringBuilder("{\"deliveries\":" + deliveries.get() + ",\"duplicates\":" + duplicates.get()
                        + ",\"refused\":" + refused.get() + ",\"effects\":[");
                List<Effect> list = effects.getOrDefault(lg, List.of());
                for (int i = 0; i < list.size(); i++) {
                    Effect e = list.get(i);
                    b.append(i == 0 ? "" : ",").append("{\"order\":").append(e.order).append(",\"idempotencyKey\":")
                            .append(SimHttp.q(e.idempotencyKey)).append(",\"messageKey\":").append(SimHttp.q(e.messageKey))
                            .append(",\"applicationId\":").append(SimHttp.q(e.applicationId))
                            .append(",\"receptionNumber\":").append(SimHttp.q(e.receptionNumber)).append("}");
                }
                SimHttp.send(ex, 200, b.append("]}").toString());
            }
            default -> SimHttp.send(ex, 404, "{}");
        }
    }
}
