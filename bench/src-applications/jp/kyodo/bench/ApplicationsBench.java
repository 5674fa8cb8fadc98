package jp.kyodo.bench;

import static jp.kyodo.bench.BenchClient.arg;
import static jp.kyodo.bench.BenchClient.pct;
import static jp.kyodo.bench.BenchClient.send;
import static jp.kyodo.bench.BenchClient.token;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Application submissions through the API (run by bench/applications) against a running Kyodo with the demo cities:
 * N clients, each a demo citizen of 尼崎市 or 武蔵野市 in turn, submit 粗大ごみ収集申込 in one request with a PNG photo
 * (multipart, a fresh Idempotency-Key each) for a fixed time after a warm-up; then the form (start a 児童手当 draft,
 * pre-filled, and read it back). Prints submissions per second and p50 / p95 / p99 latencies. Only the JDK is needed.
 */
public final class ApplicationsBench {

    public static void main(String[] args) throws Exception {
        String base = arg(args, "--base", "http://localhost:9080");
        String keycloak = arg(args, "--keycloak", "http://localhost:8180");
        String realm = arg(args, "--realm", "kyodo");
        int clients = Integer.parseInt(arg(args, "--clients", "4"));
        int seconds = Integer.parseInt(arg(args, "--seconds", "30"));
        int warmup = Integer.parseInt(arg(args, "--warmup-seconds", "10"));
        int photoBytes = Integer.parseInt(arg(args, "--photo-bytes", "65536"));
        String password = arg(args, "--password", "kyodo-demo");
        String[] cities = arg(args, "--cities", "282022,132039").split(",");
        String tokenUrl = keycloak + "/realms/" + realm + "/protocol/openid-connect/token";

        byte[] photo = new byte[photoBytes];
        new Random(1).nextBytes(photo);
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        System.arraycopy(png, 0, photo, 0, png.length);

        System.out.printf(Locale.ROOT, "applications bench: %s, %d clients, %d s warm-up + %d s measured, photo %d bytes%n",
                base, clients, warmup, seconds, photoBytes);
        Result warm = run(base, tokenUrl, password, cities, clients, warmup, photo);
        System.out.printf(Locale.ROOT, "warm-up: %d submissions (%d errors)%n", warm.ok, warm.errors);
        Result r = run(base, tokenUrl, password, cities, clients, seconds, photo);
        System.out.printf(Locale.ROOT, "RESULT submit: %d submissions in %.1f s = %.1f /s with %d clients (%d errors); "
                        + "latency p50 %.1f ms, p95 %.1f ms, p99 %.1f ms%n", r.ok, r.seconds, r.ok / r.seconds, clients,
                r.errors, pct(r.latencies, 50), pct(r.latencies, 95), pct(r.latencies, 99));
        if (r.firstError != null) {
            System.out.println("first error: " + r.firstError);
        }
        // the form: start a pre-filled 児童手当 draft and read it back, one client after another
        List<Double> form = Collections.synchronizedList(new ArrayList<>());
        String token = token(tokenUrl, "citizen-" + cities[0], password, "openid organization:" + cities[0]);
        for (int i = 0; i < 200; i++) {
            long t0 = System.nanoTime();
            var started = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/my/applications"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"procedureId\":\"jido-teate-nintei\"}")).build());
            Matcher m = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"").matcher(started.body());
            if (started.statusCode() != 201 || !m.find()) {
                throw new IllegalStateException("start: " + started.statusCode() + " " + started.body());
            }
            var read = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/my/applications/" + m.group(1)))
                    .header("Authorization", "Bearer " + token).GET().build());
            if (read.statusCode() != 200) {
                throw new IllegalStateException("read: " + read.statusCode());
            }
            if (i >= 50) {
                form.add((System.nanoTime() - t0) / 1e6);
            }
        }
        System.out.printf(Locale.ROOT, "RESULT form: start a pre-filled draft + read it, 150 times: p50 %.1f ms, p95 %.1f ms%n",
                pct(form, 50), pct(form, 95));
    }

    record Result(int ok, int errors, double seconds, List<Double> latencies, String firstError) {
    }

    static Result run(String base, String tokenUrl, String password, String[] cities, int clients, int seconds,
                      byte[] photo) throws Exception {
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        List<String> firstError = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            String city = cities[c % cities.length];
            futures.add(pool.submit(() -> {
                String token = token(tokenUrl, "citizen-" + city, password, "openid organization:" + city);
                long tokenAt = System.nanoTime();
                while (System.nanoTime() < end) {
                    if (System.nanoTime() - tokenAt > 60_000_000_000L) {
                        token = token(tokenUrl, "citizen-" + city, password, "openid organization:" + city);
                        tokenAt = System.nanoTime();
                    }
                    String boundary = "bench-" + UUID.randomUUID();
                    byte[] body = multipart(boundary, photo);
                    long t0 = System.nanoTime();
                    var r = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/my/applications/submissions"))
                            .header("Authorization", "Bearer " + token).header("Idempotency-Key", UUID.randomUUID().toString())
                            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
                    if (r.statusCode() == 201) {
                        ok.incrementAndGet();
                        latencies.add((System.nanoTime() - t0) / 1e6);
                    } else {
                        errors.incrementAndGet();
                        if (firstError.isEmpty()) {
                            firstError.add(r.statusCode() + " " + r.body());
                        }
                    }
                }
                return null;
            }));
        }
        BenchClient.awaitAll(pool, futures);
        double took = (System.nanoTime() - start) / 1e9;
        return new Result(ok.get(), errors.get(), took, latencies, firstError.isEmpty() ? null : firstError.get(0));
    }

    static byte[] multipart(String boundary, byte[] photo) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        field(out, boundary, "procedureId", "sodai-gomi");
        field(out, boundary, "answers", "{\"contact.phone\":\"0422-51-5131\",\"contact.address\":\"緑町2-2-28\","
                + "\"items[0].item\":\"たんす\",\"items[0].quantity\":\"1\","
                + "\"items[1].item\":\"自転車\",\"items[1].quantity\":\"2\"}");
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"photo.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(photo);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    static void field(ByteArrayOutputStream out, String boundary, String name, String value) {
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
    }
}
