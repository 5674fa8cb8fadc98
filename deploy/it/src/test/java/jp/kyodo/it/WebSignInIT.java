package jp.kyodo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

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

    static final String FORM_TOKEN = "_token";
    static final Pattern TOKEN_FIELD = Pattern.compile("name=\"_token\" value=\"([^\"]+)\"");

    /** A browser: its own cookies, following redirects by hand so each hop is checked. */
    static final class Browser {
        final LocalhostCookies cookies = new LocalhostCookies();
        final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
        String url;

        HttpResponse<String> get(String target) throws Exception {
            return follow(HttpRequest.newBuilder(URI.create(target)).GET().build());
        }

        /**
         * Posts a form as a browser submits one of the page it shows: with the target's {@code Origin} and, to Kyodo,
         * with the form token of the last Kyodo page received when the form names none itself.
         */
        HttpResponse<String> post(String target, String form) throws Exception {
            URI uri = URI.create(target);
            String body = form;
            if (isKyodo(target) && !form.contains(FORM_TOKEN + "=") && formToken != null) {
                body = (form.isEmpty() ? "" : form + "&") + FORM_TOKEN + "=" + enc(formToken);
            }
            return follow(HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Origin", uri.getScheme() + "://" + uri.getRawAuthority())
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        }

        /**
         * Posts a {@code multipart/form-data} form (a file upload) as a browser submits one of the page it shows: with
         * the target's {@code Origin}; the form token is whatever the parts carry (none when the caller leaves it out).
         */
        HttpResponse<String> postMultipart(String target, Platform.Part... parts) throws Exception {
            URI uri = URI.create(target);
            String boundary = "kyodo-it-" + Long.toHexString(System.nanoTime());
            return follow(HttpRequest.newBuilder(uri).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .header("Origin", uri.getScheme() + "://" + uri.getRawAuthority())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Platform.multipartBody(boundary, parts))).build());
        }

        /** The request a redirect to the given address makes (TwoServersIT sends one to another server). */
        java.util.function.Function<URI, HttpRequest> redirect = next -> HttpRequest.newBuilder(next).GET().build();

        /** The form token of the last Kyodo page shown, if it had a form. */
        String formToken;

        /** Other addresses of Kyodo than the test server's (TwoServersIT's second server): pages whose form token counts. */
        static final java.util.Set<String> OTHER_SERVERS = java.util.concurrent.ConcurrentHashMap.newKeySet();

        static boolean isKyodo(String url) {
            return url.startsWith(Platform.base()) || OTHER_SERVERS.stream().anyMatch(url::startsWith);
        }

        private HttpResponse<String> follow(HttpRequest first) throws Exception {
            HttpRequest req = first;
            for (int hops = 0; hops < 15; hops++) {
                HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                url = req.uri().toString();
                if (isKyodo(url)) {
                    Matcher t = TOKEN_FIELD.matcher(r.body());
                    if (t.find()) {
                        formToken = t.group(1);
                    }
                }
                if (r.statusCode() / 100 != 3) {
                    return r;
                }
                URI next = req.uri().resolve(r.headers().firstValue("Location").orElseThrow());
                req = redirect.apply(next);
            }
            throw new IllegalStateException("too many redirects from " + first.uri());
        }

        /**
         * Fills Keycloak's login form and submits it; with organizations on, Keycloak asks for the
         * user name first and the password on a second form, so forms are filled until none is left.
         */
        HttpResponse<String> signIn(HttpResponse<String> loginPage, String username, String password) throws Exception {
            HttpResponse<String> page = loginPage;
            Pattern form = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");
            Matcher m = form.matcher(page.body());
            assertTrue(m.find(), () -> "Keycloak's login form expected at " + url + ": " + loginPage.body());
            for (int step = 0; step < 3 && m.find(0); step++) {
                String action = m.group(1).replace("&amp;", "&");
                page = post(action, "username=" + enc(username) + "&password=" + enc(password) + "&credentialId=");
                m = form.matcher(page.body());
            }
            // an account with the demo authenticator app (the platform roles need one) answers the one-time code
            String otpAction = Platform.hasDemoAuthenticator(username) ? formAction(page.body(), "kc-otp-login-form") : null;
            if (otpAction != null) {
                page = post(otpAction, "otp=" + jp.kyodo.devstack.DemoAuthenticator.code() + "&login=");
            }
            return page;
        }
    }

    /**
     * Cookies as a browser keeps them for http://localhost, which browsers treat as a secure
     * context: Keycloak's Secure cookies are sent back over plain http there (java.net's
     * CookieManager would drop them). One host, so cookies are kept by name.
     */
    static final class LocalhostCookies extends java.net.CookieHandler {
        private final java.util.Map<String, String> cookies = new java.util.concurrent.ConcurrentHashMap<>();

        /** The cookies kept now, as a {@code Cookie} header value (to replay them later). */
        String header() {
            StringBuilder b = new StringBuilder();
            cookies.forEach((k, v) -> b.append(b.length() == 0 ? "" : "; ").append(k).append('=').append(v));
            return b.toString();
        }

        @Override
        public java.util.Map<String, java.util.List<String>> get(URI uri, java.util.Map<String, java.util.List<String>> headers) {
            if (cookies.isEmpty()) {
                return java.util.Map.of();
            }
            StringBuilder b = new StringBuilder();
            cookies.forEach((k, v) -> b.append(b.length() == 0 ? "" : "; ").append(k).append('=').append(v));
            return java.util.Map.of("Cookie", java.util.List.of(b.toString()));
        }

        @Override
        public void put(URI uri, java.util.Map<String, java.util.List<String>> headers) {
            headers.forEach((name, values) -> {
                if (name != null && name.equalsIgnoreCase("Set-Cookie")) {
                    for (String v : values) {
                        String pair = v.split(";", 2)[0];
                        int eq = pair.indexOf('=');
                        if (eq <= 0) {
                            continue;
                        }
                        String key = pair.substring(0, eq).strip();
                        String value = pair.substring(eq + 1).strip();
                        boolean expired = v.toLowerCase(java.util.Locale.ROOT).contains("max-age=0") || value.isEmpty();
                        if (expired) {
                            cookies.remove(key);
                        } else {
                            cookies.put(key, value);
                        }
                    }
                }
            });
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void everyCityRoleSignsInToItsOwnCityOnly() throws Exception {
        try (TestCity a = TestCity.create("131016"); TestCity b = TestCity.create("141003")) {
            String[][] people = {{a.admin, "自治体管理者"}, {a.staff, "職員"}, {a.citizen, "市民"},
                {a.operator, "オペレーター"}};
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

    /**
     * "Forgot your password?" on Kyodo's sign-in page: Keycloak sends its reset e-mail through the platform's SMTP
     * server (the devstack's sink here), to the address of the account, with a link back to Keycloak.
     */
    @Test
    void passwordResetMailReachesTheCitizen() throws Exception {
        try (TestCity a = TestCity.create("131016")) {
            Browser b = new Browser();
            var first = b.get(Platform.base() + "/c/" + a.code + "/me");
            // identity-first sign-in: the user name, then the password page, which offers "forgot your password?"
            Matcher usernameForm = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"").matcher(first.body());
            assertTrue(usernameForm.find(), () -> "Keycloak's sign-in form: " + first.body());
            var login = b.post(usernameForm.group(1).replace("&amp;", "&"), "username=" + enc(a.citizen));
            Matcher reset = Pattern.compile("href=\"([^\"]*login-actions/reset-credentials[^\"]*)\"").matcher(login.body());
            assertTrue(reset.find(), () -> "a password reset link on the sign-in page: " + login.body());
            var resetPage = b.get(URI.create(b.url).resolve(reset.group(1).replace("&amp;", "&")).toString());
            Matcher form = Pattern.compile("<form[^>]*id=\"kc-reset-password-form\"[^>]*action=\"([^\"]+)\"").matcher(resetPage.body());
            assertTrue(form.find(), () -> "the reset form: " + resetPage.body());
            var sent = b.post(form.group(1).replace("&amp;", "&"), "username=" + enc(a.citizen));
            assertEquals(200, sent.statusCode(), sent::body);
            var sink = BackingServices.stack().flatMap(s -> s.mailSink())
                    .orElseThrow(() -> new AssertionError("the SMTP sink runs in the integration tests"));
            String address = a.citizen + "@example.jp";
            jakarta.mail.internet.MimeMessage mail = null;
            for (int i = 0; i < 60 && mail == null; i++) {
                for (jakarta.mail.internet.MimeMessage m : sink.received()) {
                    if (m.getAllRecipients()[0].toString().equals(address)) {
                        mail = m;
                    }
                }
                if (mail == null) {
                    Thread.sleep(500);
                }
            }
            assertTrue(mail != null, "Keycloak's reset e-mail reached the SMTP server for " + address);
        }
    }

    /**
     * Optional two-step sign-in (the common ID's MFA), as a citizen does it: my page → 2段階認証 → "set up" starts a
     * sign-in with Keycloak's CONFIGURE_TOTP action on Kyodo's own set-up page (checked with axe, a wrong code refused
     * at the field) → back on the status page, which lists the app. From then on the one-time code is asked for after
     * the password (a wrong one refused). Removing the app on the page turns it off again.
     */
    @Test
    void aCitizenTurnsOnTwoStepSignInFromTheirPage() throws Exception {
        try (TestCity a = TestCity.create("131016")) {
            var found = Platform.keycloakAdmin("GET", "/users?exact=true&username=" + enc(a.citizen), null);
            assertEquals(200, found.status(), found::toString);
            String userId = found.array().getJsonObject(0).getString("id");
            String security = Platform.base() + "/c/" + a.code + "/me/security";
            try (Chromium b = Chromium.start()) {
                b.open(Platform.base() + "/c/" + a.code + "/me");
                b.signIn(a.citizen, Platform.TEST_PASSWORD);
                b.click(By.cssSelector("a[href$='/me/security']"));
                b.waitForUrl(u -> u.startsWith(security));
                assertTrue(b.text().contains("使っていません"), b::text);
                List<String> problems = new ArrayList<>(BrowserIT.check(b, "two-step status, off"));
                b.click(By.xpath("//button[contains(., '認証アプリを設定する')]"));

                // Keycloak's set-up page in Kyodo's theme (the person is signed in already: no password asked)
                b.find(By.id("totp"));
                assertEquals(1, b.driver.findElements(By.cssSelector(".kyodo-skip")).size(), "Kyodo's sign-in theme");
                problems.addAll(BrowserIT.check(b, "authenticator set-up"));
                b.click(By.id("mode-manual"));
                assertFalse(b.find(By.id("kc-totp-secret-key")).getText().isBlank(), "the key as text for people who cannot scan");
                problems.addAll(BrowserIT.check(b, "authenticator set-up, key as text"));
                b.type(By.id("totp"), "000000");
                b.click(By.id("saveTOTPBtn"));
                b.find(By.id("totp-error"));
                long setUpFailureSeenAt = System.currentTimeMillis();
                assertEquals("totp-error", b.driver.findElement(By.id("totp")).getAttribute("aria-describedby"),
                        "the error is tied to its field");
                problems.addAll(BrowserIT.check(b, "authenticator set-up, wrong code"));
                byte[] key = b.driver.findElement(By.id("totpSecret")).getAttribute("value").getBytes(StandardCharsets.UTF_8);
                long step = System.currentTimeMillis() / 30_000;
                b.type(By.id("totp"), oneTimeCode(key, step));
                b.type(By.id("userLabel"), "スマートフォン");
                b.click(By.id("saveTOTPBtn"));
                b.waitForUrl(u -> u.startsWith(security) && u.contains("done=setup"));
                assertTrue(b.text().contains("使っています") && b.text().contains("スマートフォン"), b::text);
                problems.addAll(BrowserIT.check(b, "two-step status, on"));
                assertTrue(problems.isEmpty(), () -> String.join("\n", problems));

                // another browser: password, then the one-time code
                Browser second = new Browser();
                var otpPage = second.signIn(second.get(Platform.base() + "/c/" + a.code + "/me"), a.citizen, Platform.TEST_PASSWORD);
                String otpAction = formAction(otpPage.body(), "kc-otp-login-form");
                assertTrue(otpAction != null, () -> "the one-time code is asked for after the password: " + otpPage.body());
                // Keycloak's brute-force "quick login" check locks the account for a minute when two failures come
                // closer together than quickLoginCheckMilliSeconds: the wrong set-up code above is one failure, so
                // the wrong sign-in code waits until that interval has passed (explicitly, not by luck of speed)
                // Keycloak records failures on an executor of its own, after it has answered: the interval is counted
                // from whichever is later, the failure it has recorded or the one this test saw answered
                awaitQuickLoginIntervalSinceLastFailure(userId, setUpFailureSeenAt);
                String failuresBefore = failures(userId);
                var wrong = second.post(otpAction, "otp=000000&login=");
                assertTrue(wrong.body().contains("kc-otp-login-form") && wrong.body().contains("role=\"alert\""),
                        () -> "a wrong code is refused on the same form, with a message read out: " + wrong.body());
                String again = formAction(wrong.body(), "kc-otp-login-form");
                assertTrue(again != null, wrong::body);
                // …so the lock-out is read only once Keycloak has recorded this failure (polled with a deadline)
                long recorded = System.nanoTime() + 30_000_000_000L;
                while (failures(userId).equals(failuresBefore)) {
                    assertTrue(System.nanoTime() < recorded, "Keycloak recorded the wrong code as a failure");
                    Thread.sleep(50);
                }
                var lockout = Platform.keycloakAdmin("GET", "/attack-detection/brute-force/users/" + userId, null);
                assertFalse(lockout.json().getBoolean("disabled", false),
                        () -> "one wrong code must not lock the account: " + lockout);
                // the code of the set-up may not be used twice: the current time step, or the next one (inside
                // Keycloak's look-around window) while the clock is still in the set-up's step
                long now = System.currentTimeMillis() / 30_000;
                var signedIn = second.post(again, "otp=" + oneTimeCode(key, Math.max(now, step + 1)) + "&login=");
                assertEquals(200, signedIn.statusCode(), signedIn::body);
                assertTrue(second.url.endsWith("/c/" + a.code + "/me"), () -> "signed in with the code: " + second.url);

                // turned off on the page: the app is gone from Keycloak
                b.click(By.xpath("//button[contains(., '解除する')]"));
                b.waitForUrl(u -> u.contains("done=removed"));
                assertTrue(b.text().contains("使っていません"), b::text);
                var left = Platform.keycloakAdmin("GET", "/users/" + userId + "/credentials", null);
                assertTrue(left.array().stream().noneMatch(c -> "otp".equals(c.asJsonObject().getString("type"))), left::toString);
            } finally {
                var credentials = Platform.keycloakAdmin("GET", "/users/" + userId + "/credentials", null);
                for (var c : credentials.array()) {
                    if ("otp".equals(c.asJsonObject().getString("type"))) {
                        Platform.keycloakAdmin("DELETE", "/users/" + userId + "/credentials/" + c.asJsonObject().getString("id"), null);
                    }
                }
            }
        }
    }

    /**
     * Waits until Keycloak's quick-login interval has passed since this user's last recorded sign-in failure, so
     * that the next failure is not taken for a brute-force burst. Both figures are read from Keycloak.
     */
    private static void awaitQuickLoginIntervalSinceLastFailure(String userId, long failureSeenAt) throws InterruptedException {
        var realm = Platform.keycloakAdmin("GET", "", null).json();
        long interval = realm.getJsonNumber("quickLoginCheckMilliSeconds") == null
                ? 1000 : realm.getJsonNumber("quickLoginCheckMilliSeconds").longValue();
        var state = Platform.keycloakAdmin("GET", "/attack-detection/brute-force/users/" + userId, null).json();
        long last = Math.max(failureSeenAt,
                state.getJsonNumber("lastFailure") == null ? 0 : state.getJsonNumber("lastFailure").longValue());
        long wait = last + interval + 250 - System.currentTimeMillis();
        if (last > 0 && wait > 0) {
            Thread.sleep(wait);
        }
    }

    /** What Keycloak has recorded of this user's sign-in failures so far: their number and the last one's time. */
    private static String failures(String userId) {
        var state = Platform.keycloakAdmin("GET", "/attack-detection/brute-force/users/" + userId, null).json();
        return state.getInt("numFailures", 0) + "@" + (state.getJsonNumber("lastFailure") == null ? 0
                : state.getJsonNumber("lastFailure").longValue());
    }

    /** The action of the form with this id, whatever the order of its attributes; null when there is none. */
    static String formAction(String html, String id) {
        Matcher forms = Pattern.compile("<form\\b[^>]*>").matcher(html);
        while (forms.find()) {
            String tag = forms.group();
            Matcher action = Pattern.compile("action=\"([^\"]+)\"").matcher(tag);
            if (tag.contains("id=\"" + id + "\"") && action.find()) {
                return action.group(1).replace("&amp;", "&");
            }
        }
        return null;
    }

    /** RFC 6238 time-based one-time password, HMAC-SHA1, six digits: what an authenticator app shows. */
    private static String oneTimeCode(byte[] key, long step) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA1");
        mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA1"));
        byte[] h = mac.doFinal(java.nio.ByteBuffer.allocate(8).putLong(step).array());
        int o = h[h.length - 1] & 0x0f;
        int bin = ((h[o] & 0x7f) << 24) | ((h[o + 1] & 0xff) << 16) | ((h[o + 2] & 0xff) << 8) | (h[o + 3] & 0xff);
        return String.format("%06d", bin % 1_000_000);
    }

    /** A form posted from another site is refused on every page (Origin check); the same form from this site works. */
    @Test
    void formsPostedFromAnotherSiteAreRefused() throws Exception {
        try (TestCity a = TestCity.create("131016")) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String form = "question=" + enc("住民票の写しを取りたい");
            var foreign = http.send(HttpRequest.newBuilder(URI.create(Platform.base() + "/c/" + a.code + "/ask"))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", "https://evil.example")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, foreign.statusCode(), foreign::body);
            assertTrue(foreign.body().contains("送信できませんでした"), foreign::body);
            Browser browser = new Browser();
            browser.get(Platform.base() + "/c/" + a.code + "/ask");
            var own = browser.post(Platform.base() + "/c/" + a.code + "/ask", form);
            assertEquals(200, own.statusCode(), own::body);
        }
    }

    /**
     * A sign-in started by a page comes back to that page with its query — never with Keycloak's {@code code} and
     * {@code state} in the address — and in the language the person chose, on Keycloak's pages too: a staff page in
     * English, the city's sign-in in Vietnamese.
     */
    @Test
    void aSignInComesBackToThePageAskedForInTheLanguageChosen() throws Exception {
        try (TestCity a = TestCity.create("202011")) {
            Browser staff = new Browser();
            String wanted = Platform.base() + "/c/" + a.code + "/staff/cases?lang=en";
            var keycloak = staff.get(wanted);
            assertTrue(staff.url.startsWith(Platform.keycloak()) && staff.url.contains("ui_locales=en"), staff.url);
            assertTrue(keycloak.body().contains("<html lang=\"en\">"), "Keycloak's page in English");
            var page = staff.signIn(keycloak, a.staff, Platform.TEST_PASSWORD);
            assertEquals(200, page.statusCode(), () -> staff.url + " " + page.body());
            assertEquals(wanted, staff.url, "the page asked for, with its query and nothing of Keycloak's");
            assertTrue(page.body().contains("<html lang=\"en\""), "in English");

            Browser citizen = new Browser();
            var vietnamese = citizen.get(Platform.base() + "/c/" + a.code + "/login?lang=vi");
            assertTrue(citizen.url.contains("ui_locales=vi"), citizen.url);
            assertTrue(vietnamese.body().contains("<html lang=\"vi\">")
                    && vietnamese.body().contains("Chuyển đến nội dung chính"), "Keycloak's page with Kyodo's words in Vietnamese");
            var me = citizen.signIn(vietnamese, a.citizen, Platform.TEST_PASSWORD);
            assertEquals(200, me.statusCode(), () -> citizen.url + " " + me.body());
            assertEquals(Platform.base() + "/c/" + a.code + "/me", citizen.url);
            assertTrue(me.body().contains("<html lang=\"vi\""), "the first page after the sign-in keeps the language chosen");
        }
    }

    @Test
    void vendorAndNationalStaffSignInWithoutACity() throws Exception {
        Browser vendor = new Browser();
        var page = vendor.signIn(vendor.get(Platform.base() + "/vendor/usage?month=2026-04"), "vendor", Platform.DEMO_PASSWORD);
        assertEquals(200, page.statusCode(), page::body);
        assertEquals(Platform.base() + "/vendor/usage?month=2026-04", vendor.url, "back at the page asked for, as it was asked");
        page = vendor.get(Platform.base() + "/vendor/");
        assertTrue(page.body().contains("運営事業者の管理画面"), page.body());
        var vendorStats = vendor.get(Platform.base() + "/national/");
        assertEquals(200, vendorStats.statusCode(), "the vendor reads the national counts too (as the statistics API allows)");
        assertFalse(vendorStats.body().contains("it-admin-"), "no user names in national statistics");

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
        assertTrue(home.body().contains("<main id=\"main\"") && home.body().contains("本文へ移動"), "landmark and skip link");
        assertEquals(404, anyone.get(Platform.base() + "/c/999997/").statusCode());
        assertEquals(404, anyone.get(Platform.base() + "/c/%3Cscript%3E/").statusCode());
    }
}
