package jp.kyodo.it;

import static jp.kyodo.it.Platform.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/**
 * The attack suite, web layer (issue 10, items 5 and 6): another site makes a browser post a form (no referrer, no
 * token), frames a staff page; every page and API response carries the security headers; the session cookie is
 * HttpOnly and SameSite=Lax.
 */
@ExtendWith(ArquillianExtension.class)
class CrossSiteAttackIT {

    private static TestCity city;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Platform.application();
    }

    static synchronized TestCity city() {
        if (city == null) {
            city = TestCity.create("041009");
        }
        return city;
    }

    @AfterAll
    static void cleanUp() {
        if (city != null) {
            city.close();
        }
    }

    static boolean handedOver(TestCity c, String nonce) {
        var list = get("/api/v1/concierge/handovers", c.staffToken());
        assertEquals(200, list.status(), list::toString);
        return list.body().contains(nonce);
    }

    /**
     * A page on another site (another host) posts a "talk to a person" form to the city's ask page as soon as it is
     * opened, with {@code <meta name="referrer" content="no-referrer">}: the browser sends {@code Origin: null} and no
     * Referer. Refused; no hand-over is created.
     */
    @Test
    void aCrossSiteFormWithNoReferrerIsRefusedInABrowser() throws Exception {
        TestCity c = city();
        String nonce = "XSITE-" + Long.toHexString(System.nanoTime());
        String target = Platform.base() + "/c/" + c.code + "/ask";
        String attack = "<!DOCTYPE html><html><head><meta name=\"referrer\" content=\"no-referrer\"><title>x</title></head>"
                + "<body><form method=\"post\" action=\"" + target + "\"><input name=\"question\" value=\"" + nonce + "\">"
                + "<input name=\"action\" value=\"handover\"><input name=\"contactPhone\" value=\"06-6489-0000\"></form><script>document.forms[0].submit()</script></body></html>";
        HttpServer evil = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        evil.createContext("/", x -> {
            byte[] b = attack.getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("Content-Type", "text/html; charset=UTF-8");
            x.sendResponseHeaders(200, b.length);
            x.getResponseBody().write(b);
            x.close();
        });
        evil.start();
        try (Chromium b = Chromium.start()) {
            // 127.0.0.1 is another site than localhost for the browser
            b.open("http://127.0.0.1:" + evil.getAddress().getPort() + "/");
            b.waitForUrl(u -> u.startsWith(target));
            assertTrue(b.find(By.tagName("h1")).getText().contains("送信できませんでした"), b::text);
            List<String> violations = b.allAccessibilityViolations();
            assertTrue(violations.isEmpty(), () -> "the refusal page: " + String.join("\n", violations));
        } finally {
            evil.stop(0);
        }
        assertFalse(handedOver(c, nonce), "nothing was handed over");

        // the same form on the city's own page, sent by the person who sees it, works
        WebSignInIT.Browser visitor = new WebSignInIT.Browser();
        visitor.get(target);
        // (a visitor without a sign-in hands over with a way to be answered)
        var own = visitor.post(target, "question=" + WebSignInIT.enc(nonce) + "&action=handover&contactPhone="
                + WebSignInIT.enc("06-6489-0000"));
        assertEquals(200, own.statusCode(), own::body);
        assertTrue(handedOver(c, nonce), "the city's own form is handed over");
    }

    /** Each way a forged page request can look, against an anonymous form and a staff form: 403, nothing changed. */
    @Test
    void formsWithoutTheOriginOrTheSessionTokenAreRefused() throws Exception {
        TestCity c = city();
        String ask = Platform.base() + "/c/" + c.code + "/ask";
        WebSignInIT.Browser visitor = new WebSignInIT.Browser();
        visitor.get(ask);
        String token = visitor.formToken;
        assertTrue(token != null && !token.isBlank(), "the ask page's forms carry the session's token");
        HttpClient withCookies = visitor.http;
        String nonce = "FORGE-" + Long.toHexString(System.nanoTime());
        String form = "question=" + WebSignInIT.enc(nonce) + "&action=handover&contactPhone=" + WebSignInIT.enc("06-6489-0000");
        List<String[]> attempts = List.of(
                new String[] {"Origin", "null"},
                new String[] {"Origin", "https://evil.example"},
                new String[] {"Referer", "https://evil.example/page"},
                new String[] {"X-None", "no Origin, no Referer"});
        for (String[] h : attempts) {
            for (String body : List.of(form, form + "&_token=" + WebSignInIT.enc(token))) {
                var r = withCookies.send(HttpRequest.newBuilder(URI.create(ask)).timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/x-www-form-urlencoded").header(h[0], h[1])
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(403, r.statusCode(), () -> h[0] + ": " + h[1] + " / " + body + " → " + r.body());
                assertTrue(r.body().contains("送信できませんでした"), r::body);
            }
        }
        // this site's origin but no token, a forged one, or another session's token
        WebSignInIT.Browser other = new WebSignInIT.Browser();
        other.get(ask);
        for (String t : new String[] {"", "forged", other.formToken}) {
            var r = withCookies.send(HttpRequest.newBuilder(URI.create(ask)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", Platform.base())
                    .POST(HttpRequest.BodyPublishers.ofString(form + "&_token=" + WebSignInIT.enc(t))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(403, r.statusCode(), () -> "token '" + t + "' → " + r.body());
        }
        assertFalse(handedOver(c, nonce), "nothing was handed over");

        // a staff form (a new queue) from a signed-in city administrator's browser: the same refusals
        WebSignInIT.Browser admin = new WebSignInIT.Browser();
        String settings = Platform.base() + "/c/" + c.code + "/staff/settings";
        var overview = admin.signIn(admin.get(settings), c.admin, Platform.TEST_PASSWORD);
        assertEquals(200, overview.statusCode(), overview::body);
        admin.get(settings + "/queues/new");
        String queue = "q" + Long.toHexString(System.nanoTime()).substring(0, 8);
        String queueForm = "code=" + queue + "&name=" + WebSignInIT.enc("偽の窓口") + "&tier=3&department=";
        for (String[] h : attempts) {
            var r = admin.http.send(HttpRequest.newBuilder(URI.create(settings + "/queues/new")).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-www-form-urlencoded").header(h[0], h[1])
                    .POST(HttpRequest.BodyPublishers.ofString(queueForm)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, r.statusCode(), () -> h[0] + " → " + r.body());
        }
        var noToken = admin.http.send(HttpRequest.newBuilder(URI.create(settings + "/queues/new"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", Platform.base())
                .POST(HttpRequest.BodyPublishers.ofString(queueForm)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, noToken.statusCode(), noToken::body);
        assertFalse(get("/api/v1/cases/queues", c.adminToken()).body().contains("\"" + queue + "\""), "nothing saved");
        var saved = admin.post(settings + "/queues/new", queueForm);
        assertEquals(200, saved.statusCode(), saved::body);
        assertTrue(get("/api/v1/cases/queues", c.adminToken()).body().contains("\"" + queue + "\""), "the own form saves");
    }

    /** A staff page may not be framed by any site: CSP frame-ancestors 'none' and X-Frame-Options DENY. */
    @Test
    void aStaffPageCannotBeFramed() throws Exception {
        TestCity c = city();
        WebSignInIT.Browser staff = new WebSignInIT.Browser();
        var page = staff.signIn(staff.get(Platform.base() + "/c/" + c.code + "/staff/cases"), c.staff, Platform.TEST_PASSWORD);
        assertEquals(200, page.statusCode(), page::body);
        String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.contains("frame-ancestors 'none'"), csp);
        assertEquals("DENY", page.headers().firstValue("X-Frame-Options").orElse(""));
    }

    /** Headers on pages (Japanese and English, errors too) and on API answers (data, problems, no token). */
    @Test
    void everyResponseCarriesTheSecurityHeaders() throws Exception {
        TestCity c = city();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        record Expect(String path, String token, String language) {
        }
        List<Expect> all = List.of(
                new Expect("/", null, "ja"),
                new Expect("/c/" + c.code + "/", null, "ja"),
                new Expect("/c/" + c.code + "/ask", null, "ja"),
                new Expect("/c/" + c.code + "/?lang=en", null, "en"),
                new Expect("/c/" + c.code + "/ask?lang=en", null, "en"),
                new Expect("/c/999999/", null, null),
                new Expect("/api/v1/notices", c.citizenToken(), null),
                new Expect("/api/v1/notices", null, null),
                new Expect("/api/v1/cases/no-such-case", c.staffToken(), null));
        for (Expect e : all) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(Platform.base() + e.path())).GET();
            if (e.token() != null) {
                b.header("Authorization", "Bearer " + e.token());
            }
            var r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            String where = e.path() + " (" + r.statusCode() + ")";
            String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
            assertTrue(csp.contains("frame-ancestors 'none'"), where + ": " + csp);
            String scripts = csp.contains("script-src") ? csp.replaceAll(".*script-src([^;]*).*", "$1")
                    : csp.replaceAll(".*default-src([^;]*).*", "$1");
            assertFalse(scripts.contains("unsafe-inline") || scripts.contains("unsafe-eval") || scripts.isBlank(),
                    where + ": scripts " + csp);
            assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""), where);
            assertEquals("same-origin", r.headers().firstValue("Referrer-Policy").orElse(""), where);
            assertTrue(r.headers().firstValue("Strict-Transport-Security").isEmpty(), where + ": no HSTS over plain http");
            if (e.language() != null) {
                assertEquals(200, r.statusCode(), where);
                assertEquals(java.util.Set.of(e.language()), java.util.Set.copyOf(r.headers().allValues("Content-Language")),
                        where + ": " + r.headers().allValues("Content-Language"));
                assertTrue(r.body().contains("<html lang=\"" + e.language() + "\""), where);
            }
        }
        // the session cookie: HttpOnly, SameSite=Lax; not Secure while the public URL is http
        var ask = http.send(HttpRequest.newBuilder(URI.create(Platform.base() + "/c/" + c.code + "/ask")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        String session = ask.headers().allValues("Set-Cookie").stream().filter(v -> v.startsWith("JSESSIONID="))
                .findFirst().orElseThrow(() -> new AssertionError("a session for the form token: " + ask.headers()));
        String lower = session.toLowerCase(Locale.ROOT);
        assertTrue(lower.contains("httponly"), session);
        assertTrue(lower.contains("samesite=lax"), session);
        assertFalse(lower.contains("secure"), session);
        // the page's own cookies: a path as browsers read it (RFC 6265 ignores a quoted one and falls back to the
        // page's folder — a language chosen on the ask page then stuck to /c/{code} only)
        var chosen = http.send(HttpRequest.newBuilder(URI.create(Platform.base() + "/c/" + c.code + "/ask?lang=en")).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        java.util.List<String> cookies = chosen.headers().allValues("Set-Cookie");
        String language = cookies.stream().filter(v -> v.startsWith("kyodo_lang=")).findFirst()
                .orElseThrow(() -> new AssertionError("the chosen language is remembered: " + cookies));
        String conversation = cookies.stream().filter(v -> v.startsWith("kyodo_ask=")).findFirst()
                .orElseThrow(() -> new AssertionError("an anonymous conversation's cookie: " + cookies));
        assertTrue(language.matches("(?i).*;\\s*path=/(;.*|\\s*)$"), language);
        assertTrue(conversation.matches("(?i).*;\\s*path=/c/" + c.code + "/(;.*|\\s*)$"), conversation);
    }
}
