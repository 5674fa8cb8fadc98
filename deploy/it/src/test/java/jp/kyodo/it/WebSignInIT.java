package jp.kyodo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Browser sign-in as a person does it (OpenID Connect code flow through Keycloak's own login form,
 * cookies kept, every redirect followed): each role lands on its page, and a person of one city is
 * not let into another city's pages.
 */
@ExtendWith(ArquillianExtension.class)
class WebSignInIT {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Platform.application();
    }

    /** A browser: its own cookies, following redirects by hand so each hop is checked. */
    static final class Browser {
        final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
        String url;

        HttpResponse<String> get(String target) throws Exception {
            return follow(HttpRequest.newBuilder(URI.create(target)).GET().build());
        }

        HttpResponse<String> post(String target, String form) throws Exception {
            return follow(HttpRequest.newBuilder(URI.create(target)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build());
        }

        private HttpResponse<String> follow(HttpRequest first) throws Exception {
            HttpRequest req = first;
            for (int hops = 0; hops < 15; hops++) {
                HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                url = req.uri().toString();
                if (r.statusCode() / 100 != 3) {
                    return r;
                }
                URI next = req.uri().resolve(r.headers().firstValue("Location").orElseThrow());
                req = HttpRequest.newBuilder(next).GET().build();
            }
            throw new IllegalStateException("too many redirects from " + first.uri());
        }

        /** Fills Keycloak's login form on the current page and submits it. */
        HttpResponse<String> signIn(HttpResponse<String> loginPage, String username, String password) throws Exception {
            Matcher m = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"").matcher(loginPage.body());
            assertTrue(m.find(), () -> "Keycloak's login form expected at " + url + ": " + loginPage.body());
            String action = m.group(1).replace("&amp;", "&");
            return post(action, "username=" + enc(username) + "&password=" + enc(password) + "&credentialId=");
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void everyCityRoleSignsInToItsOwnCityOnly() throws Exception {
        try (TestCity a = TestCity.create("131016"); TestCity b = TestCity.create("141003")) {
            String[][] people = {{a.admin, "自治体管理者"}, {a.staff, "職員"}, {a.citizen, "市民"}};
            for (String[] person : people) {
                Browser browser = new Browser();
                var loginPage = browser.get(Platform.base() + "/c/" + a.code + "/login");
                assertTrue(browser.url.startsWith(Platform.keycloak()), "sent to Keycloak: " + browser.url);
                assertTrue(browser.url.contains("organization%3A" + a.code) || browser.url.contains("organization:" + a.code),
                        "asks for the page's city: " + browser.url);
                var page = browser.signIn(loginPage, person[0], Platform.TEST_PASSWORD);
                assertEquals(200, page.statusCode(), () -> browser.url + " " + page.body());
                assertTrue(browser.url.endsWith("/c/" + a.code + "/me"), browser.url);
                assertTrue(page.body().contains(person[0]) && page.body().contains(person[1]), page.body());
                assertTrue(page.body().contains("<html lang=\"ja\">"), "Japanese page");
                if (person[0].equals(a.staff)) {
                    assertTrue(page.body().contains(a.canary), "staff see the city's notices");
                }
                assertFalse(page.body().contains(b.canary), "never another city's notice");

                // the same browser at the other city: Keycloak gives no claim for a non-member, the page refuses
                var other = browser.get(Platform.base() + "/c/" + b.code + "/me");
                String body = other.body();
                assertFalse(body.contains(b.canary), "no content of the other city");
                assertTrue(other.statusCode() == 403 || browser.url.startsWith(Platform.keycloak()),
                        () -> "refused or asked to sign in again: " + other.statusCode() + " " + browser.url);

                var out = browser.post(Platform.base() + "/logout", "");
                assertEquals(200, out.statusCode());
            }
        }
    }

    @Test
    void vendorAndNationalStaffSignInWithoutACity() throws Exception {
        Browser vendor = new Browser();
        var page = vendor.signIn(vendor.get(Platform.base() + "/vendor/"), "vendor", Platform.DEMO_PASSWORD);
        assertEquals(200, page.statusCode(), page::body);
        assertTrue(page.body().contains("自治体一覧"), page.body());
        assertEquals(403, vendor.get(Platform.base() + "/national/").statusCode(), "a vendor is no national analyst");

        Browser analyst = new Browser();
        var stats = analyst.signIn(analyst.get(Platform.base() + "/national/"), "analyst", Platform.DEMO_PASSWORD);
        assertEquals(200, stats.statusCode(), stats::body);
        assertTrue(stats.body().contains("全国集計"), stats.body());
        assertFalse(stats.body().contains("it-admin-"), "no user names in national statistics");
    }

    @Test
    void publicPagesNeedNoSignIn() throws Exception {
        Browser anyone = new Browser();
        var home = anyone.get(Platform.base() + "/");
        assertEquals(200, home.statusCode());
        assertTrue(home.body().contains("<main id=\"main\">") && home.body().contains("本文へ移動"), "landmark and skip link");
        assertEquals(404, anyone.get(Platform.base() + "/c/999997/").statusCode());
        assertEquals(404, anyone.get(Platform.base() + "/c/%3Cscript%3E/").statusCode());
    }
}
