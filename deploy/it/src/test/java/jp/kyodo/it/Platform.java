package jp.kyodo.it;

import jp.kyodo.devstack.DemoAuthenticator;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import java.io.File;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;

/** What the integration tests use to reach the running platform: HTTP, tokens, JDBC. */
public final class Platform {

    public static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();
    public static final String DEMO_PASSWORD = "kyodo-demo";
    public static final String TEST_PASSWORD = "It-passw0rd-2026";

    private Platform() {
    }

    /** The application under test, as the build packaged it. */
    public static EnterpriseArchive application() {
        return ShrinkWrap.createFromZipFile(EnterpriseArchive.class, new File(System.getProperty("kyodo.it.ear")));
    }

    public static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    public static String base() {
        return "http://localhost:" + env("KYODO_HTTP_PORT", "9081");
    }

    public static String keycloak() {
        return env("KYODO_KEYCLOAK_URL", "http://localhost:8181");
    }

    /** A response: status, content type and body text. */
    public record Reply(int status, String contentType, String body) {
        public JsonObject json() {
            return (JsonObject) parse(body);
        }

        public JsonArray array() {
            return (JsonArray) parse(body);
        }

        public boolean isProblem() {
            return contentType != null && contentType.startsWith("application/problem+json");
        }

        @Override
        public String toString() {
            return status + " " + contentType + " " + (body.length() > 400 ? body.substring(0, 400) + "…" : body);
        }
    }

    public static JsonStructure parse(String body) {
        try (var r = Json.createReader(new StringReader(body))) {
            return r.read();
        }
    }

    public static Reply call(String method, String path, String token, String jsonBody, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base() + path))
                .timeout(Duration.ofSeconds(60));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        if (jsonBody != null) {
            b.header("Content-Type", "application/json");
            b.method(method, HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(null), r.body());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e, e);
        }
    }

    public static Reply get(String path, String token) {
        return call("GET", path, token, null);
    }

    /** One part of a multipart request: a text field ({@code fileName} null) or a file. */
    public record Part(String name, String fileName, String contentType, byte[] bytes) {
        public static Part field(String name, String value) {
            return new Part(name, null, null, value.getBytes(StandardCharsets.UTF_8));
        }

        public static Part file(String fileName, String contentType, byte[] bytes) {
            return new Part("file", fileName, contentType, bytes);
        }
    }

    /** The body of a {@code multipart/form-data} request with this boundary. */
    public static byte[] multipartBody(String boundary, Part... parts) {
        var out = new java.io.ByteArrayOutputStream();
        for (Part p : parts) {
            StringBuilder h = new StringBuilder("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"")
                    .append(p.name()).append('"');
            if (p.fileName() != null) {
                h.append("; filename=\"").append(p.fileName()).append('"');
            }
            h.append("\r\n");
            if (p.contentType() != null) {
                h.append("Content-Type: ").append(p.contentType()).append("\r\n");
            }
            h.append("\r\n");
            out.writeBytes(h.toString().getBytes(StandardCharsets.UTF_8));
            out.writeBytes(p.bytes());
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** A multipart/form-data POST (files on inquiries and replies). */
    public static Reply multipart(String path, String token, Part... parts) {
        String boundary = "kyodo-it-" + Long.toHexString(System.nanoTime());
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base() + path))
                .timeout(Duration.ofSeconds(120)).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipartBody(boundary, parts)));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(null), r.body());
        } catch (Exception e) {
            throw new IllegalStateException("POST " + path + " failed: " + e, e);
        }
    }

    /** A GET answered with bytes (downloads), with its headers. */
    public static HttpResponse<byte[]> download(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base() + path))
                .timeout(Duration.ofSeconds(60)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            throw new IllegalStateException("GET " + path + " failed: " + e, e);
        }
    }

    /**
     * A password-grant token from the kyodo-cli client, cached per user and scope for 10 minutes (the realm's tokens
     * live 15: a long suite run must not reuse an expired one).
     */
    public static String token(String username, String password, String scope) {
        String key = username + "|" + scope;
        Long at = FETCHED.get(key);
        if (at != null && System.nanoTime() - at > java.util.concurrent.TimeUnit.MINUTES.toNanos(10)) {
            TOKENS.remove(key);
        }
        return TOKENS.computeIfAbsent(key, k -> {
            FETCHED.put(k, System.nanoTime());
            return fetchToken(username, password, scope);
        });
    }

    private static final Map<String, Long> FETCHED = new ConcurrentHashMap<>();

    public static String freshToken(String username, String password, String scope) {
        return fetchToken(username, password, scope);
    }

    public static void forgetTokens() {
        TOKENS.clear();
    }

    private static String fetchToken(String username, String password, String scope) {
        try {
            return fetchTokenOnce(username, password, scope);
        } catch (IllegalStateException refused) {
            // Keycloak 26.7.3 twice answered the first password grant of an account made a moment earlier with
            // user_temporarily_disabled (its event log; the answer says only "Invalid user credentials"), no failure of
            // that account before it (RolesPerCityAttackIT, session 13). These tests are not about Keycloak's brute-force
            // protection (WebSignInIT is, in a browser): when Keycloak says the account is locked, the lock and its state
            // are printed, lifted and the grant asked once more; a wrong password (no lock) still fails at once.
            String id = lockedAccount(username);
            if (id == null) {
                throw refused;
            }
            System.out.println("[it] " + username + " was temporarily locked by Keycloak's brute-force protection: "
                    + keycloakAdmin("GET", "/attack-detection/brute-force/users/" + id, null).body() + " — lifted, asked again");
            keycloakAdmin("DELETE", "/attack-detection/brute-force/users/" + id, null);
            return fetchTokenOnce(username, password, scope);
        }
    }

    /** The Keycloak id of an account that its brute-force protection holds locked now, or null. */
    private static String lockedAccount(String username) {
        var users = keycloakAdmin("GET", "/users?exact=true&username=" + enc(username), null);
        if (users.status() != 200 || users.array().isEmpty()) {
            return null;
        }
        String id = users.array().getJsonObject(0).getString("id");
        var state = keycloakAdmin("GET", "/attack-detection/brute-force/users/" + id, null);
        return state.status() == 200 && state.json().getBoolean("disabled", false) ? id : null;
    }

    private static String fetchTokenOnce(String username, String password, String scope) {
        String form = "grant_type=password&client_id=kyodo-cli&username=" + enc(username) + "&password=" + enc(password)
                + "&scope=" + enc(scope == null ? "openid" : scope)
                + (hasDemoAuthenticator(username) ? "&totp=" + DemoAuthenticator.code() : "");
        HttpRequest req = HttpRequest.newBuilder(URI.create(keycloak() + "/realms/kyodo/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        try {
            HttpResponse<String> r = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("token for " + username + ": " + r.statusCode() + " " + r.body());
            }
            return ((JsonObject) parse(r.body())).getString("access_token");
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A token of the kyodo-admin service account, for checking Keycloak's side directly. */
    public static String keycloakAdminToken() {
        String form = "grant_type=client_credentials&client_id=kyodo-admin&client_secret="
                + enc(env("KYODO_ADMIN_CLIENT_SECRET", "kyodo-admin-dev-secret"));
        HttpRequest req = HttpRequest.newBuilder(URI.create(keycloak() + "/realms/kyodo/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        try {
            HttpResponse<String> r = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
            return ((JsonObject) parse(r.body())).getString("access_token");
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Reply keycloakAdmin(String method, String path, String jsonBody) {
        return call(method, keycloak() + "/admin/realms/kyodo" + path, keycloakAdminToken(), jsonBody);
    }

    public static String vendor() {
        return token("vendor", DEMO_PASSWORD, "openid");
    }

    /** A second vendor account (made in Keycloak on first use): a city's deletion is approved by another vendor. */
    public static String secondVendor() {
        ensureUser("it-vendor-2", "vendor");
        return token("it-vendor-2", TEST_PASSWORD, "openid");
    }

    /**
     * The accounts of this run that have the dev realm's demo authenticator app ({@link DemoAuthenticator}): the demo
     * platform accounts and those {@link #ensureUser} made with a platform role. Their sign-ins send its code.
     */
    private static final java.util.Set<String> DEMO_AUTHENTICATOR = ConcurrentHashMap.newKeySet();

    static {
        DEMO_AUTHENTICATOR.addAll(DemoAuthenticator.ACCOUNTS);
    }

    /** Notes that this account (e.g. one renamed in Keycloak) has the demo authenticator app. */
    public static void demoAuthenticatorFor(String username) {
        DEMO_AUTHENTICATOR.add(username);
    }

    public static boolean hasDemoAuthenticator(String username) {
        return DEMO_AUTHENTICATOR.contains(username);
    }

    /**
     * Makes a Keycloak account with the test password and a realm role, unless it exists; returns its id. An account
     * with a platform role (vendor, national-analyst) gets the demo authenticator app: Kyodo refuses those roles to a
     * sign-in without a second factor.
     */
    public static String ensureUser(String username, String realmRole) {
        boolean platform = java.util.Set.of("vendor", "national-analyst").contains(realmRole);
        return ensureUser(username, realmRole, platform);
    }

    /** As {@link #ensureUser(String, String)}, with or without the demo authenticator app. */
    public static String ensureUser(String username, String realmRole, boolean authenticator) {
        if (authenticator) {
            DEMO_AUTHENTICATOR.add(username);
        } else {
            DEMO_AUTHENTICATOR.remove(username);
        }
        var found = keycloakAdmin("GET", "/users?exact=true&username=" + enc(username), null).array();
        if (!found.isEmpty()) {
            return found.getJsonObject(0).getString("id");
        }
        var created = keycloakAdmin("POST", "/users", Json.createObjectBuilder().add("username", username)
                .add("enabled", true).add("email", username + "@example.jp").add("emailVerified", true)
                .add("firstName", "試験").add("lastName", username)
                .add("credentials", credentials(authenticator)).build().toString());
        if (created.status() != 201) {
            throw new IllegalStateException("create " + username + ": " + created);
        }
        String id = keycloakAdmin("GET", "/users?exact=true&username=" + enc(username), null).array()
                .getJsonObject(0).getString("id");
        boolean hasApp = keycloakAdmin("GET", "/users/" + id + "/credentials", null).array().stream()
                .anyMatch(c -> "otp".equals(c.asJsonObject().getString("type")));
        if (hasApp != authenticator) {
            throw new IllegalStateException("authenticator app of " + username + " expected " + authenticator);
        }
        var role = keycloakAdmin("GET", "/roles/" + enc(realmRole), null);
        var mapped = keycloakAdmin("POST", "/users/" + id + "/role-mappings/realm",
                Json.createArrayBuilder().add(role.json()).build().toString());
        if (mapped.status() != 204) {
            throw new IllegalStateException("role " + realmRole + " for " + username + ": " + mapped);
        }
        return id;
    }

    /** The test password, and the demo authenticator app (the dev realm's form of a TOTP credential) when asked. */
    private static jakarta.json.JsonArrayBuilder credentials(boolean authenticator) {
        var list = Json.createArrayBuilder().add(Json.createObjectBuilder().add("type", "password")
                .add("value", TEST_PASSWORD).add("temporary", false));
        if (authenticator) {
            list.add(Json.createObjectBuilder().add("type", "otp").add("userLabel", "demo authenticator")
                    .add("secretData", Json.createObjectBuilder().add("value", DemoAuthenticator.KEY).build().toString())
                    .add("credentialData", "{\"subType\":\"totp\",\"digits\":6,\"counter\":0,\"period\":30,"
                            + "\"algorithm\":\"HmacSHA1\"}"));
        }
        return list;
    }

    /**
     * Deletes a city as two vendors do: one asks (after an export, which the caller makes), another approves; when a
     * purge step failed the deletion is followed until the retries finished it. The last reply (404 when the city
     * did not exist).
     */
    public static Reply deleteCity(String code) {
        var asked = call("DELETE", "/api/v1/cities/" + code + "?confirm=" + code, vendor(), null);
        if (asked.status() != 202) {
            return asked;
        }
        var approved = call("POST", "/api/v1/cities/" + code + "/deletion/approve", secondVendor(), null);
        return approved.status() == 202 ? awaitDeleted(code, Duration.ofSeconds(90)) : approved;
    }

    /** Polls the city's deletion until it is DELETED or the deadline passed (then the last reply). */
    public static Reply awaitDeleted(String code, Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        Reply r;
        do {
            r = get("/api/v1/cities/" + code + "/deletion", vendor());
            if (r.status() == 200 && "DELETED".equals(r.json().getString("status"))) {
                return r;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return r;
            }
        } while (System.nanoTime() < end);
        return r;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    public static Connection ownerConnection() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), env("KYODO_DB_OWNER_USER", "kyodo_owner"),
                env("KYODO_DB_OWNER_PASSWORD", "kyodo_owner_dev"));
    }

    public static Connection appConnection() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), env("KYODO_DB_APP_USER", "kyodo_app"),
                env("KYODO_DB_APP_PASSWORD", "kyodo_app_dev"));
    }

    /**
     * Onboards the city with only its first administrator (or finds it) and suspends it, so that no background job of
     * the application touches the rows a test writes into it by hand; returns the live city id.
     */
    public static String suspendedCity(String code, String adminUsername) throws SQLException {
        String v = vendor();
        var created = call("POST", "/api/v1/cities", v, Json.createObjectBuilder().add("code", code)
                .add("adminUsername", adminUsername).add("adminEmail", adminUsername + "@example.jp")
                .add("adminPassword", TEST_PASSWORD).build().toString());
        org.junit.jupiter.api.Assertions.assertTrue(created.status() == 201 || created.status() == 200, created::toString);
        var suspended = call("POST", "/api/v1/cities/" + code + "/suspend", v, null);
        org.junit.jupiter.api.Assertions.assertEquals(200, suspended.status(), suspended::toString);
        return liveCityId(code);
    }

    /** The id of the city's live registry row (not a deleted one of the same code), read as the owner. */
    public static String liveCityId(String code) throws SQLException {
        try (Connection c = ownerConnection();
             java.sql.PreparedStatement s = c.prepareStatement("SELECT id FROM city WHERE lg_code = ? AND status <> 'DELETED'")) {
            s.setString(1, code);
            try (java.sql.ResultSet r = s.executeQuery()) {
                org.junit.jupiter.api.Assertions.assertTrue(r.next(), "city row of " + code);
                return r.getString(1);
            }
        }
    }

    /** A connection of the application's role, one transaction at a time (bind the city per transaction). */
    public static Connection tenantConnection() throws SQLException {
        Connection c = appConnection();
        c.setAutoCommit(false);
        return c;
    }

    /** Binds the city for the connection's current transaction, as the application's {@code TenantBinding} does. */
    public static void bindCity(Connection c, String city) throws SQLException {
        try (java.sql.PreparedStatement s = c.prepareStatement("SELECT set_config('app.tenant_id', ?, true)")) {
            s.setString(1, city);
            s.execute();
        }
    }

    static String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + env("KYODO_DB_PORT", "55433") + "/" + env("KYODO_DB_NAME", "kyodo");
    }

    public static String str(JsonObject o, String key) {
        JsonValue v = o.get(key);
        return v == null || v == JsonValue.NULL ? null : o.getString(key);
    }

    /** Asks the city of the token's organization claim's concierge a question through the API. */
    public static Reply ask(String token, String question) {
        return call("POST", "/api/v1/concierge/ask", token,
                jakarta.json.Json.createObjectBuilder().add("question", question).build().toString());
    }
}
