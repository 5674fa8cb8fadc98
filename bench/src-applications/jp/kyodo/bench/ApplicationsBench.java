package jp.kyodo.bench;

import static jp.kyodo.bench.BenchClient.arg;
import static jp.kyodo.bench.BenchClient.pct;
import static jp.kyodo.bench.BenchClient.send;
import static jp.kyodo.bench.BenchClient.token;

import java.io.ByteArrayOutputStream;
import java.net.CookieHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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
 * pre-filled, and read it back), and the form's HTML page as a browser gets it: the demo citizen signs in through
 * Keycloak's OpenID Connect redirects and login form (cookies kept), starts a 児童手当 draft on the procedures page and
 * loads its pre-filled form page N times. Prints submissions per second and p50 / p95 / p99 latencies. Only the JDK
 * is needed.
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
        int formRounds = Integer.parseInt(arg(args, "--form-rounds", "200")); // 0: submissions only
        int pageRounds = Integer.parseInt(arg(args, "--page-rounds", "200")); // 0: no HTML form page
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
        if (formRounds <= 0) {
            return;
        }
        // the form: start a pre-filled 児童手当 draft and read it back, one client after another
        List<Double> form = Collections.synchronizedList(new ArrayList<>());
        String token = token(tokenUrl, "citizen-" + cities[0], password, "openid organization:" + cities[0]);
        for (int i = 0; i < formRounds; i++) {
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
            if (i >= formRounds / 4) {
                form.add((System.nanoTime() - t0) / 1e6);
            }
        }
        System.out.printf(Locale.ROOT, "RESULT form: start a pre-filled draft + read it, %d times: p50 %.1f ms, p95 %.1f ms%n",
                form.size(), pct(form, 50), pct(form, 95));
        if (pageRounds > 0) {
            formPage(base, keycloak, cities[0], password, pageRounds);
        }
    }

    /**
     * The form's HTML page as the citizen's browser gets it: sign in on the city's login page (Kyodo redirects to
     * Keycloak, whose form asks for the user name and then the password, and back through the OpenID Connect
     * callback), start a 児童手当 draft on the procedures page (its form token, Post/Redirect/Get), then GET the
     * draft's pre-filled form page {@code rounds} times with the session cookie; the first quarter is not measured.
     */
    static void formPage(String base, String keycloak, String city, String password, int rounds) throws Exception {
        Browser b = new Browser(base, keycloak);
        var login = b.get(base + "/c/" + city + "/login");
        if (!b.url.startsWith(keycloak)) {
            throw new IllegalStateException("expected Keycloak's sign-in page, got " + b.url);
        }
        var signedIn = b.signIn(login, "citizen-" + city, password);
        if (signedIn.statusCode() != 200 || !b.url.startsWith(base)) {
            throw new IllegalStateException("sign-in ended at " + b.url + " " + signedIn.statusCode());
        }
        var procedures = b.get(base + "/c/" + city + "/me/applications/new");
        Matcher token = Pattern.compile("name=\"_token\" value=\"([^\"]+)\"").matcher(procedures.body());
        if (procedures.statusCode() != 200 || !token.find()) {
            throw new IllegalStateException("procedures page: " + procedures.statusCode() + " at " + b.url);
        }
        var started = b.post(base + "/c/" + city + "/me/applications/new",
                "procedureId=jido-teate-nintei&_token=" + BenchClient.enc(token.group(1)));
        String formUrl = b.url;
        if (started.statusCode() != 200 || !formUrl.matches(".*/me/applications/[0-9a-f-]{36}")) {
            throw new IllegalStateException("start on the page: " + started.statusCode() + " at " + formUrl);
        }
        List<Double> times = new ArrayList<>();
        int bytes = 0;
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            var page = b.get(formUrl);
            double ms = (System.nanoTime() - t0) / 1e6;
            if (page.statusCode() != 200 || !b.url.equals(formUrl) || !page.body().contains("<form")) {
                throw new IllegalStateException("form page: " + page.statusCode() + " at " + b.url);
            }
            bytes = page.body().length();
            if (i >= rounds / 4) {
                times.add(ms);
            }
        }
        System.out.printf(Locale.ROOT, "RESULT form page: GET the pre-filled 児童手当 form page (HTML, %d chars, signed in "
                + "through Keycloak), %d times: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms%n", bytes, times.size(),
                pct(times, 50), pct(times, 95), pct(times, 99));
    }

    /** A browser for the form page: its own cookies (localhost's Secure ones too), redirects followed by hand. */
    static final class Browser {
        final String base;
        final String keycloak;
        final Map<String, String> cookies = new ConcurrentHashMap<>();
        final HttpClient http;
        String url;

        Browser(String base, String keycloak) {
            this.base = base;
            this.keycloak = keycloak;
            this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(new CookieHandler() {
                @Override
                public Map<String, List<String>> get(URI uri, Map<String, List<String>> headers) {
                    if (cookies.isEmpty()) {
                        return Map.of();
                    }
                    StringBuilder c = new StringBuilder();
                    cookies.forEach((k, v) -> c.append(c.length() == 0 ? "" : "; ").append(k).append('=').append(v));
                    return Map.of("Cookie", List.of(c.toString()));
                }

                @Override
                public void put(URI uri, Map<String, List<String>> headers) {
                    headers.forEach((name, values) -> {
                        if (name != null && name.equalsIgnoreCase("Set-Cookie")) {
                            for (String v : values) {
                                String pair = v.split(";", 2)[0];
                                int eq = pair.indexOf('=');
                                if (eq > 0) {
                                    String value = pair.substring(eq + 1).strip();
                                    if (value.isEmpty() || v.toLowerCase(Locale.ROOT).contains("max-age=0")) {
                                        cookies.remove(pair.substring(0, eq).strip());
                                    } else {
                                        cookies.put(pair.substring(0, eq).strip(), value);
                                    }
                                }
                            }
                        }
                    });
                }
            }).followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
        }

        HttpResponse<String> get(String target) throws Exception {
            return follow(HttpRequest.newBuilder(URI.create(target)).GET().build());
        }

        HttpResponse<String> post(String target, String form) throws Exception {
            URI uri = URI.create(target);
            return follow(HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Origin", uri.getScheme() + "://" + uri.getRawAuthority())
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build());
        }

        /** Keycloak's login form, filled until none is left (with organizations: the user name, then the password). */
        HttpResponse<String> signIn(HttpResponse<String> page, String username, String password) throws Exception {
            Pattern form = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");
            Matcher m = form.matcher(page.body());
            for (int step = 0; step < 3 && m.find(); step++) {
                page = post(m.group(1).replace("&amp;", "&"), "username=" + BenchClient.enc(username) + "&password="
                        + BenchClient.enc(password) + "&credentialId=");
                m = form.matcher(page.body());
            }
            return page;
        }

        private HttpResponse<String> follow(HttpRequest first) throws Exception {
            HttpRequest req = first;
            for (int hops = 0; hops < 15; hops++) {
                HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                url = req.uri().toString();
                if (r.statusCode() / 100 != 3) {
                    return r;
                }
                req = HttpRequest.newBuilder(req.uri().resolve(r.headers().firstValue("Location").orElseThrow())).GET().build();
            }
            throw new IllegalStateException("too many redirects from " + first.uri());
        }
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
