package jp.kyodo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * The requests of issue 15's "one server close to its floor", against one test city: the city home (anonymous), a
 * signed-in page (the citizen's マイページ {@code /c/<code>/me}, with the page session of a real sign-in through
 * Keycloak), {@code GET /api/v1/me/profile} with the citizen's bearer token and, when the server has it switched on,
 * the reference endpoint (one indexed query under the tenant binding, {@code jp.kyodo.tenant.bench}). Used by
 * {@link TransactionBudgetIT}, {@link OneServerBenchmark} and {@link TwoServersBenchmark}.
 */
final class OneServer {

    static final String REFERENCE = "reference";
    static final String HOME = "city home";
    static final String SIGNED_IN = "signed-in page";
    static final String PROFILE = "GET /api/v1/me/profile";

    final TestCity city;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
    private final String sessionCookies;
    private volatile String token;

    OneServer(TestCity city) throws Exception {
        this.city = city;
        var profile = Platform.call("PUT", "/api/v1/me/profile", city.citizenToken(), Json.createObjectBuilder()
                .add("fullName", "試験 " + city.canary).add("fullNameKana", "しけん たろう").add("birthDate", "1985-04-01")
                .build().toString());
        assertEquals(200, profile.status(), profile::toString);
        WebSignInIT.Browser browser = new WebSignInIT.Browser();
        var login = browser.get(Platform.base() + "/c/" + city.code + "/login");
        var me = browser.signIn(login, city.citizen, Platform.TEST_PASSWORD);
        assertEquals(200, me.statusCode(), () -> browser.url + " " + me.body());
        assertTrue(browser.url.endsWith("/c/" + city.code + "/me"), browser.url);
        sessionCookies = browser.http.cookieHandler().orElseThrow()
                .get(URI.create(Platform.base() + "/"), Map.of()).getOrDefault("Cookie", List.of("")).get(0);
        refreshToken();
    }

    /** A new bearer token for the citizen (tokens live 15 minutes; the benchmark renews one per round). */
    void refreshToken() {
        token = city.citizenToken();
    }

    /** The targets in their order, each a request that answers its HTTP status (a redirect counts as a failure). */
    Map<String, IntSupplier> targets(boolean withReference) {
        return targets(withReference, Platform.base());
    }

    /**
     * The same targets sent to {@code base} (another server, or a load balancer in front of several: the page session
     * and the token are the ones of the test server's sign-in; {@link TwoServersBenchmark}).
     */
    Map<String, IntSupplier> targets(boolean withReference, String base) {
        Map<String, IntSupplier> t = new LinkedHashMap<>();
        if (withReference) {
            t.put(REFERENCE, () -> send(get(base, "/api/v1/bench/reference/" + city.code + "?sub=bench").build()));
        }
        t.put(HOME, () -> send(get(base, "/c/" + city.code + "/").build()));
        t.put(SIGNED_IN, () -> send(get(base, "/c/" + city.code + "/me").header("Cookie", sessionCookies).build()));
        t.put(PROFILE, () -> send(get(base, "/api/v1/me/profile").header("Authorization", "Bearer " + token).build()));
        return t;
    }

    /**
     * A city's staff pages as its staff open them most (docs/cases.md, docs/applications.md), each {@code GET} with the
     * page session of a real Keycloak sign-in of the city's staff member (as {@link #SIGNED_IN} has the citizen's):
     * the case queues, one queue's list, a case's page, the applications' review queues, a list of applications, an
     * application's review page and the dashboard. Fills the city first with {@code cases} contact-centre cases and
     * {@code applications} online applications, so the lists hold tens of rows ({@link OneServerBenchmark} with
     * {@code bench.staff}). Every target is checked to answer 200 once before it is returned.
     */
    Map<String, IntSupplier> staffTargets(String base, int cases, int applications) throws Exception {
        String caseId = null;
        for (int i = 0; i < cases; i++) {
            var c = Platform.call("POST", "/api/v1/cases", city.operatorToken(), Json.createObjectBuilder()
                    .add("channel", "PHONE").add("category", "other").add("subject", "ベンチの相談 " + i + " " + city.canary)
                    .add("notes", "通話メモ " + i).add("contactName", "試験 連絡 " + i)
                    .add("contactEmail", "bench-" + i + "-" + city.code + "@example.jp").build().toString());
            assertEquals(201, c.status(), c::toString);
            caseId = c.json().getString("id");
        }
        String applicationId = null;
        String citizen = city.citizenToken();
        for (int i = 0; i < applications; i++) {
            var a = ApplicationsIT.submitWhole(citizen, "bench-staff-" + i + "-" + System.nanoTime());
            assertEquals(201, a.status(), a::toString);
            applicationId = a.json().getString("id");
        }
        var queues = Platform.get("/api/v1/cases/queues", city.staffToken());
        assertEquals(200, queues.status(), queues::toString);
        String queue = queues.array().stream().map(v -> v.asJsonObject())
                .max(java.util.Comparator.comparingLong(q -> q.getJsonNumber("open").longValue()))
                .orElseThrow().getString("code");
        WebSignInIT.Browser browser = new WebSignInIT.Browser();
        String staffHome = Platform.base() + "/c/" + city.code + "/staff/cases";
        var signedIn = browser.signIn(browser.get(staffHome), city.staff, Platform.TEST_PASSWORD);
        assertEquals(200, signedIn.statusCode(), () -> browser.url + " " + signedIn.body());
        assertEquals(staffHome, browser.url);
        String cookies = browser.cookies.header();
        String c = "/c/" + city.code + "/staff/";
        Map<String, String> paths = new LinkedHashMap<>();
        paths.put(STAFF_CASES, c + "cases");
        paths.put(STAFF_QUEUE, c + "cases/queues/" + queue);
        paths.put(STAFF_CASE, c + "cases/" + caseId);
        paths.put(STAFF_APPLICATIONS, c + "applications");
        paths.put(STAFF_APPLICATION_LIST, c + "applications?procedure=sodai-gomi&sort=newest");
        paths.put(STAFF_APPLICATION, c + "applications/" + applicationId);
        paths.put(STAFF_DASHBOARD, c + "dashboard");
        Map<String, IntSupplier> t = new LinkedHashMap<>();
        paths.forEach((name, path) -> {
            t.put(name, () -> send(get(base, path).header("Cookie", cookies).build()));
            int status = t.get(name).getAsInt();
            assertEquals(200, status, () -> name + " " + path);
        });
        return t;
    }

    static final String STAFF_CASES = "staff: case queues";
    static final String STAFF_QUEUE = "staff: queue list";
    static final String STAFF_CASE = "staff: case page";
    static final String STAFF_APPLICATIONS = "staff: review queues";
    static final String STAFF_APPLICATION_LIST = "staff: application list";
    static final String STAFF_APPLICATION = "staff: application page";
    static final String STAFF_DASHBOARD = "staff: dashboard";

    /** Whether the server answers the reference endpoint (the benchmark's configuration switches it on). */
    boolean referenceOn() {
        return send(get(Platform.base(), "/api/v1/bench/reference/" + city.code + "?sub=bench").build()) == 200;
    }

    private static HttpRequest.Builder get(String base, String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60)).GET();
    }

    private int send(HttpRequest r) {
        try {
            return http.send(r, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(r.uri() + ": " + e, e);
        }
    }
}
