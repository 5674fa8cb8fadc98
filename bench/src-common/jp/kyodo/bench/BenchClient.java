package jp.kyodo.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the JDK-only API benchmarks share: one HTTP/1.1 client, password-grant tokens, percentiles, options. */
final class BenchClient {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

    private BenchClient() {
    }

    static HttpResponse<String> send(HttpRequest r) {
        try {
            return HTTP.send(r, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(r.uri() + ": " + e, e);
        }
    }

    /**
     * A password-grant token of client kyodo-cli (the development realm's), one at a time and retried a few times: a
     * grant can fail now and then on a loaded machine, and parallel grants for one user are refused at times.
     */
    static synchronized String token(String tokenUrl, String user, String password, String scope) {
        HttpResponse<String> r = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            if (attempt > 0) {
                sleep(500L * attempt);
            }
            // the dev realm's platform accounts (vendor, analyst) sign in with their authenticator app's code too
            String form = "grant_type=password&client_id=kyodo-cli&username=" + enc(user) + "&password=" + enc(password)
                    + "&scope=" + enc(scope) + (jp.kyodo.devstack.DemoAuthenticator.ACCOUNTS.contains(user)
                    ? "&totp=" + jp.kyodo.devstack.DemoAuthenticator.code() : "");
            r = send(HttpRequest.newBuilder(URI.create(tokenUrl)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build());
            if (r.statusCode() == 200) {
                break;
            }
        }
        Matcher m = ACCESS_TOKEN.matcher(r.body());
        if (r.statusCode() != 200 || !m.find()) {
            throw new IllegalStateException("token for " + user + ": " + r.statusCode() + " " + r.body());
        }
        return m.group(1);
    }

    /** Waits for every task (a task's failure is thrown here) and always shuts the pool down. */
    static void awaitAll(java.util.concurrent.ExecutorService pool, List<? extends java.util.concurrent.Future<?>> futures)
            throws Exception {
        try {
            for (java.util.concurrent.Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The p-th percentile (nearest rank); 0 is the minimum, 100 the maximum; NaN for no values. */
    static double pct(List<Double> values, int p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> v = new ArrayList<>(values);
        Collections.sort(v);
        return v.get(Math.max(0, Math.min(v.size() - 1, (int) Math.ceil(p / 100.0 * v.size()) - 1)));
    }

    static String arg(String[] args, String name, String dflt) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return dflt;
    }
}
