package jp.kyodo.bench;

import static jp.kyodo.bench.BenchClient.arg;
import static jp.kyodo.bench.BenchClient.pct;
import static jp.kyodo.bench.BenchClient.send;
import static jp.kyodo.bench.BenchClient.token;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The concierge's latency through the HTTP API (run by bench/concierge) against a running Kyodo with the demo cities
 * (issue 14 item 6): N clients (default 4), each a demo citizen of 尼崎市 or 武蔵野市 in turn, ask the evaluation set's
 * questions ({@code agents/src/test/resources/knowledge/eval/questions.json}, all languages, in a fixed shuffled order)
 * through {@code POST /api/v1/concierge/ask} on a warm index: a warm-up, then a fixed time measured. Prints requests per
 * second, p50 / p95 / p99 and the outcomes. Then the first question of a city whose index does not exist yet: the
 * vendor onboards new cities (codes not yet on the server), and each city's administrator asks its first question —
 * the city's knowledge is seeded from the national templates, indexed and calibrated inside that request — and a
 * second one on the now open index. Only the JDK is needed.
 */
public final class ConciergeBench {

    static final Pattern QUESTION = Pattern.compile("\"question\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    static final Pattern OUTCOME = Pattern.compile("\"outcome\"\\s*:\\s*\"([A-Z_]+)\"");
    /** Real municipality codes (the catalogue's), tried in order for the first-question part; existing ones skipped. */
    static final List<String> NEW_CITY_CODES = List.of("011002", "041009", "131016", "141003", "231002", "261009",
            "271004", "401005", "471011", "012025", "022012", "032018", "052019", "062014", "072010", "082015");

    public static void main(String[] args) throws Exception {
        String base = arg(args, "--base", "http://localhost:9080");
        String keycloak = arg(args, "--keycloak", "http://localhost:8180");
        String realm = arg(args, "--realm", "kyodo");
        int clients = Integer.parseInt(arg(args, "--clients", "4"));
        int seconds = Integer.parseInt(arg(args, "--seconds", "30"));
        int warmupRequests = Integer.parseInt(arg(args, "--warmup", "400"));
        int newCities = Integer.parseInt(arg(args, "--new-cities", "3"));
        String password = arg(args, "--password", "kyodo-demo");
        String[] cities = arg(args, "--cities", "282022,132039").split(",");
        Path questionsFile = Path.of(arg(args, "--questions", "agents/src/test/resources/knowledge/eval/questions.json"));
        String tokenUrl = keycloak + "/realms/" + realm + "/protocol/openid-connect/token";

        List<String> questions = questions(questionsFile);
        Collections.shuffle(questions, new java.util.Random(14));
        System.out.printf(Locale.ROOT, "concierge bench: %s, %d clients, %d warm-up questions + %d s measured, %d questions "
                + "from %s%n", base, clients, warmupRequests, seconds, questions.size(), questionsFile);

        Result warm = run(base, tokenUrl, password, cities, clients, questions, warmupRequests, 0);
        System.out.printf(Locale.ROOT, "warm-up: %d questions (%d errors), p95 %.1f ms%n", warm.ok, warm.errors,
                pct(warm.latencies, 95));
        Result r = run(base, tokenUrl, password, cities, clients, questions, Integer.MAX_VALUE, seconds);
        System.out.printf(Locale.ROOT, "RESULT concierge warm: %d questions in %.1f s = %.1f /s with %d clients (%d errors); "
                        + "latency p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms; outcomes %s%n", r.ok, r.seconds,
                r.ok / r.seconds, clients, r.errors, pct(r.latencies, 50), pct(r.latencies, 95), pct(r.latencies, 99),
                pct(r.latencies, 100), new TreeMap<>(r.outcomes));
        if (r.firstError != null) {
            System.out.println("first error: " + r.firstError);
        }
        if (newCities > 0) {
            firstQuestions(base, tokenUrl, newCities, questions);
        }
    }

    /** New cities: onboard, then each administrator's first question (index built in it) and a second one. */
    static void firstQuestions(String base, String tokenUrl, int n, List<String> questions) {
        String vendor = token(tokenUrl, "vendor", "kyodo-demo", "openid");
        String existing = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/cities"))
                .header("Authorization", "Bearer " + vendor).GET().build()).body();
        List<Double> first = new ArrayList<>();
        List<Double> second = new ArrayList<>();
        String adminPassword = "Bench-Concierge-2026-x";
        for (String code : NEW_CITY_CODES) {
            if (first.size() == n) {
                break;
            }
            if (existing.contains("\"" + code + "\"")) {
                continue;
            }
            long c0 = System.nanoTime();
            var created = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/cities"))
                    .header("Authorization", "Bearer " + vendor).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + code + "\",\"adminUsername\":\"admin-" + code
                            + "\",\"adminEmail\":\"admin-" + code + "@example.jp\",\"adminPassword\":\"" + adminPassword
                            + "\"}")).build());
            if (created.statusCode() != 201) {
                throw new IllegalStateException("onboard " + code + ": " + created.statusCode() + " " + created.body());
            }
            double onboardMs = (System.nanoTime() - c0) / 1e6;
            String admin = token(tokenUrl, "admin-" + code, adminPassword, "openid organization:" + code);
            double a = ask(base, admin, "住民票の写しはどこでもらえますか");
            double b = ask(base, admin, questions.get(first.size()));
            first.add(a);
            second.add(b);
            System.out.printf(Locale.ROOT, "  city %s: onboarded in %.0f ms; first question (seed + index + calibrate) "
                    + "%.0f ms; second question %.1f ms%n", code, onboardMs, a, b);
        }
        System.out.printf(Locale.ROOT, "RESULT concierge first question with build: %d new cities, median %.0f ms (min %.0f, "
                        + "max %.0f); the second question on the open index median %.1f ms%n", first.size(), pct(first, 50),
                pct(first, 0), pct(first, 100), pct(second, 50));
    }

    static double ask(String base, String token, String question) {
        long t0 = System.nanoTime();
        var r = send(askRequest(base, token, question));
        if (r.statusCode() != 200) {
            throw new IllegalStateException("ask: " + r.statusCode() + " " + r.body());
        }
        return (System.nanoTime() - t0) / 1e6;
    }

    static HttpRequest askRequest(String base, String token, String question) {
        return HttpRequest.newBuilder(URI.create(base + "/api/v1/concierge/ask"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"question\":\"" + json(question) + "\"}")).build();
    }

    record Result(int ok, int errors, double seconds, List<Double> latencies, Map<String, Integer> outcomes,
                  String firstError) {
    }

    /** {@code clients} threads ask until {@code maxRequests} in all were asked or {@code seconds} passed (0: no limit). */
    static Result run(String base, String tokenUrl, String password, String[] cities, int clients, List<String> questions,
                      int maxRequests, int seconds) throws Exception {
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger issued = new AtomicInteger();
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        Map<String, Integer> outcomes = new ConcurrentHashMap<>();
        List<String> firstError = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        long end = seconds <= 0 ? Long.MAX_VALUE : start + seconds * 1_000_000_000L;
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            String city = cities[c % cities.length];
            int offset = c * 37;
            futures.add(pool.submit(() -> {
                String token = token(tokenUrl, "citizen-" + city, password, "openid organization:" + city);
                long tokenAt = System.nanoTime();
                int i = offset;
                while (System.nanoTime() < end && issued.getAndIncrement() < maxRequests) {
                    if (System.nanoTime() - tokenAt > 60_000_000_000L) {
                        token = token(tokenUrl, "citizen-" + city, password, "openid organization:" + city);
                        tokenAt = System.nanoTime();
                    }
                    String q = questions.get(i++ % questions.size());
                    long t0 = System.nanoTime();
                    var r = send(askRequest(base, token, q));
                    double ms = (System.nanoTime() - t0) / 1e6;
                    if (r.statusCode() == 200) {
                        ok.incrementAndGet();
                        latencies.add(ms);
                        Matcher m = OUTCOME.matcher(r.body());
                        outcomes.merge(m.find() ? m.group(1) : "?", 1, Integer::sum);
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
        return new Result(ok.get(), errors.get(), took, latencies, outcomes, firstError.isEmpty() ? null : firstError.get(0));
    }

    static List<String> questions(Path file) throws Exception {
        List<String> out = new ArrayList<>();
        Matcher m = QUESTION.matcher(Files.readString(file, StandardCharsets.UTF_8));
        while (m.find()) {
            out.add(m.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("no questions in " + file);
        }
        return out;
    }

    static String json(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
