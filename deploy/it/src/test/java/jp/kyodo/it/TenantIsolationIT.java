package jp.kyodo.it;

import static jp.kyodo.it.Platform.call;
import static jp.kyodo.it.Platform.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The isolation suite: no city ever sees another city's data — in the catalog, row by row as the
 * application role, through a small connection pool under load with rollbacks, through the cache,
 * with bad tokens, and through every endpoint of the OpenAPI document.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TenantIsolationIT {

    static final String HOST_B = "portal-b.kyodo.test";
    private static TestCity a;
    private static TestCity b;
    private static TestCity c;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Platform.application();
    }

    static synchronized void cities() {
        if (a == null) {
            a = TestCity.create("011002");
            b = TestCity.create("131016", HOST_B);
            c = TestCity.create("271004");
        }
    }

    @AfterAll
    static void cleanUp() {
        for (TestCity t : new TestCity[] {a, b, c}) {
            if (t != null) {
                t.close();
            }
        }
    }

    static List<String> tenantTables(Connection conn) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = conn.createStatement().executeQuery(
                "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                        + "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped "
                        + "WHERE c.relkind IN ('r','p') AND n.nspname = 'public' ORDER BY 1")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /**
     * Rows the product writes only on a partner system's traffic (a connector set up, a message received, a delivery
     * that failed for good, a My Number card sign-in), written here for one city with that city bound, so that the checks
     * below never pass vacuously on those tables.
     */
    static void seedPartnerRows(UUID city) throws SQLException {
        try (Connection c = Platform.ownerConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("SELECT set_config('app.tenant_id', ?, true)")) {
                ps.setString(1, city.toString());
                ps.execute();
            }
            try (var s = c.createStatement()) {
                s.execute("INSERT INTO integration_connector (partner, endpoint, updated_by) "
                        + "VALUES ('isolation-it', 'http://127.0.0.1:9/', 'isolation-it') ON CONFLICT DO NOTHING");
                s.execute("INSERT INTO integration_received_message (partner, message_id) "
                        + "VALUES ('isolation-it', 'isolation-it-1') ON CONFLICT DO NOTHING");
                s.execute("INSERT INTO integration_dead_letter (partner, route, direction, message_id, reason, body) "
                        + "VALUES ('isolation-it', 'isolation-it', 'INBOUND', 'isolation-it-1', 'fixture', '{}')");
                // written only by a My Number card sign-in (CardSignatureIT signs in with the simulator)
                s.execute("INSERT INTO citizen_verified_identity (id, citizen_subject, full_name, address, birth_date, gender, "
                        + "assurance_level, identity_provider) VALUES (gen_random_uuid(), 'isolation-it', '試験 分離', '試験県', "
                        + "'1980-01-01', '9', 'card-verified', 'digital-auth') ON CONFLICT DO NOTHING");
            }
            c.commit();
        }
    }

    static UUID cityId(String code) throws SQLException {
        try (Connection conn = Platform.appConnection();
             PreparedStatement ps = conn.prepareStatement("SELECT id FROM city WHERE lg_code = ?")) {
            ps.setString(1, code);
            ResultSet rs = ps.executeQuery();
            assertTrue(rs.next(), "city " + code + " in the registry");
            return (UUID) rs.getObject(1);
        }
    }

    @Test
    @Order(1)
    void catalogLint() throws SQLException {
        cities();
        try (Connection conn = Platform.ownerConnection()) {
            List<String> tables = tenantTables(conn);
            assertTrue(tables.containsAll(List.of("audit_event", "city_member", "city_settings", "notice")), tables::toString);
            for (String t : tables) {
                try (PreparedStatement ps = conn.prepareStatement(
                        "SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE relname = ? AND relnamespace = 'public'::regnamespace")) {
                    ps.setString(1, t);
                    ResultSet rs = ps.executeQuery();
                    rs.next();
                    assertTrue(rs.getBoolean(1), t + ": row level security enabled");
                    assertTrue(rs.getBoolean(2), t + ": row level security forced");
                }
                try (PreparedStatement ps = conn.prepareStatement("SELECT count(*) FROM pg_policies WHERE tablename = ?")) {
                    ps.setString(1, t);
                    ResultSet rs = ps.executeQuery();
                    rs.next();
                    assertTrue(rs.getInt(1) >= 1, t + ": has a policy");
                }
                try (PreparedStatement ps = conn.prepareStatement("SELECT has_table_privilege(?, ?, 'TRUNCATE')")) {
                    ps.setString(1, "kyodo_app");
                    ps.setString(2, t);
                    ResultSet rs = ps.executeQuery();
                    rs.next();
                    assertFalse(rs.getBoolean(1), t + ": app role may not TRUNCATE");
                }
            }
            ResultSet loose = conn.createStatement().executeQuery("SELECT tablename, policyname FROM pg_policies "
                    + "WHERE coalesce(qual, '') IN ('true', '') AND coalesce(with_check, '') IN ('true', '')");
            assertFalse(loose.next(), "no policy is USING (true)");
            ResultSet views = conn.createStatement().executeQuery("SELECT c.relname FROM pg_class c WHERE c.relkind = 'v' "
                    + "AND c.relnamespace = 'public'::regnamespace AND NOT (coalesce(c.reloptions, '{}') && "
                    + "ARRAY['security_invoker=true', 'security_invoker=on', 'security_invoker=1'])");
            assertFalse(views.next(), "every view is security_invoker");
            ResultSet role = conn.createStatement().executeQuery(
                    "SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = 'kyodo_app'");
            assertTrue(role.next());
            for (int i = 1; i <= 4; i++) {
                assertFalse(role.getBoolean(i), "app role attribute " + i + " must be off");
            }
            ResultSet owns = conn.createStatement().executeQuery("SELECT (SELECT count(*) FROM pg_class WHERE relowner = r.oid)"
                    + " + (SELECT count(*) FROM pg_proc WHERE proowner = r.oid)"
                    + " + (SELECT count(*) FROM pg_namespace WHERE nspowner = r.oid)"
                    + " + (SELECT count(*) FROM pg_type WHERE typowner = r.oid) FROM pg_roles r WHERE rolname = 'kyodo_app'");
            owns.next();
            assertEquals(0, owns.getInt(1), "the app role owns nothing");
        }
    }

    @Test
    @Order(2)
    void rowsOfAnotherCityAreInvisibleAndUntouchable() throws SQLException {
        cities();
        UUID idA = cityId(a.code);
        UUID idB = cityId(b.code);
        seedPartnerRows(idA);
        seedPartnerRows(idB);
        try (Connection conn = Platform.appConnection()) {
            conn.setAutoCommit(false);
            for (String t : tenantTables(conn)) {
                bind(conn, idA);
                assertTrue(count(conn, "SELECT count(*) FROM " + t) > 0, t + ": city A sees its own rows (no vacuous pass)");
                conn.commit();

                bind(conn, idB);
                assertEquals(0, count(conn, "SELECT count(*) FROM " + t + " WHERE tenant_id = '" + idA + "'"), t + ": B reads A");
                assertEquals(0, count(conn, "SELECT count(*) FROM " + t + " WHERE tenant_id <> '" + idB + "'"), t + ": B reads others");
                assertZeroOrDenied(conn, "UPDATE " + t + " SET tenant_id = tenant_id WHERE tenant_id = '" + idA + "'", t);
                assertZeroOrDenied(conn, "DELETE FROM " + t + " WHERE tenant_id = '" + idA + "'", t);
                conn.commit();

                bind(conn, idB);
                try (Statement s = conn.createStatement()) {
                    s.executeUpdate("INSERT INTO " + t + " OVERRIDING SYSTEM VALUE SELECT * FROM jsonb_populate_record(NULL::" + t + ", "
                            + "coalesce((SELECT to_jsonb(x) FROM " + t + " x LIMIT 1), '{}'::jsonb) || jsonb_build_object("
                            + "'tenant_id', '" + idA + "', 'id', gen_random_uuid()))");
                    fail(t + ": inserting a row of city A while bound to B must be refused");
                } catch (SQLException e) {
                    assertEquals("42501", e.getSQLState(), t + ": refused by the policy, not by chance: " + e.getMessage());
                }
                conn.rollback();
            }
        }
    }

    @Test
    @Order(3)
    void nothingIsVisibleWithoutACity() throws SQLException {
        cities();
        try (Connection conn = Platform.appConnection()) {
            for (String t : tenantTables(conn)) {
                conn.setAutoCommit(true);
                assertEquals(0, count(conn, "SELECT count(*) FROM " + t), t + ": setting never set");
                conn.setAutoCommit(false);
                try (PreparedStatement ps = conn.prepareStatement("SELECT set_config('app.tenant_id', '', true)")) {
                    ps.execute();
                }
                assertEquals(0, count(conn, "SELECT count(*) FROM " + t), t + ": setting is ''");
                conn.commit();
                assertEquals(0, count(conn, "SELECT count(*) FROM " + t), t + ": after a SET LOCAL ended");
                conn.commit();
            }
        }
    }

    @Test
    @Order(4)
    void anotherCitysRecordIsNotFoundEvenAfterItWasLoaded() {
        cities();
        String id = a.noticeIds.get(0);
        var own = get("/api/v1/notices/" + id, a.staffToken());
        assertEquals(200, own.status(), own::toString);
        var foreign = get("/api/v1/notices/" + id, b.staffToken());
        assertEquals(404, foreign.status(), foreign::toString);
        assertTrue(foreign.isProblem());
        assertFalse(foreign.body().contains(a.canary));
        var update = call("PUT", "/api/v1/notices/" + id, b.staffToken(),
                "{\"title\":\"overwritten\",\"body\":\"x\",\"published\":true}");
        assertEquals(404, update.status(), update::toString);
        var delete = call("DELETE", "/api/v1/notices/" + id, b.adminToken(), null);
        assertEquals(404, delete.status(), delete::toString);
        assertEquals(200, get("/api/v1/notices/" + id, a.staffToken()).status(), "A's notice survived B's attempts");
    }

    @Test
    @Order(5)
    void badTokensAreRefused() {
        cities();
        var none = get("/api/v1/city", null);
        assertEquals(401, none.status(), none::toString);
        assertTrue(none.isProblem(), none::toString);

        var noOrg = get("/api/v1/city", Platform.vendor());
        assertEquals(403, noOrg.status(), noOrg::toString);
        assertTrue(noOrg.body().contains("no-organization"), noOrg::toString);

        // a person in two cities must choose one
        String twoOrgUser = "it-two-cities";
        String userId = ensureKeycloakUser(twoOrgUser);
        joinOrganization(a.code, userId);
        joinOrganization(b.code, userId);
        // roles belong to a city: staff in A's member register (a realm role would count in no city)
        memberOf(a.code, userId, twoOrgUser, "staff");
        var both = get("/api/v1/city", Platform.freshToken(twoOrgUser, Platform.TEST_PASSWORD, "openid organization:*"));
        assertEquals(403, both.status(), both::toString);
        assertTrue(both.body().contains("several-organizations"), both::toString);
        var one = get("/api/v1/city", Platform.freshToken(twoOrgUser, Platform.TEST_PASSWORD, "openid organization:" + a.code));
        assertEquals(200, one.status(), one::toString);
        assertEquals(a.code, one.json().getString("code"));

        // an organization that exists in Keycloak but is no city of this platform
        String stranger = "it-stranger";
        String strangerId = ensureKeycloakUser(stranger);
        String orgId = ensureOrganization("472018");
        Platform.keycloakAdmin("POST", "/organizations/" + orgId + "/members", "\"" + strangerId + "\"");
        var unknown = get("/api/v1/city", Platform.freshToken(stranger, Platform.TEST_PASSWORD, "openid organization:472018"));
        assertEquals(403, unknown.status(), unknown::toString);
        assertTrue(unknown.body().contains("unknown-city"), unknown::toString);
        Platform.keycloakAdmin("DELETE", "/organizations/" + orgId, null);

        // A's token at B's portal host
        var mismatch = call("GET", "/api/v1/city", a.staffToken(), null, "Host", HOST_B);
        assertEquals(403, mismatch.status(), mismatch::toString);
        assertTrue(mismatch.body().contains("host-mismatch"), mismatch::toString);
        var match = call("GET", "/api/v1/city", b.staffToken(), null, "Host", HOST_B);
        assertEquals(200, match.status(), match::toString);

        // a suspended city
        assertEquals(200, call("POST", "/api/v1/cities/" + c.code + "/suspend", Platform.vendor(), null).status());
        var suspended = get("/api/v1/notices", c.staffToken());
        assertEquals(403, suspended.status(), suspended::toString);
        assertTrue(suspended.body().contains("city-suspended"), suspended::toString);
        assertEquals(200, call("POST", "/api/v1/cities/" + c.code + "/resume", Platform.vendor(), null).status());
        assertEquals(200, get("/api/v1/notices", c.staffToken()).status());

        // a tampered token
        String t = a.staffToken();
        String tampered = t.substring(0, t.lastIndexOf('.') + 1) + "AAAA" + t.substring(t.lastIndexOf('.') + 5);
        assertEquals(401, get("/api/v1/city", tampered).status());
    }

    @Test
    @Order(6)
    void everyEndpointWithAnotherCitysIdsRevealsNothing() {
        cities();
        var doc = get("/openapi?format=JSON", null);
        assertEquals(200, doc.status(), doc::toString);
        JsonObject paths = doc.json().getJsonObject("paths");
        assertTrue(paths.size() >= 8, "OpenAPI lists the endpoints: " + paths.keySet());
        List<String> foreignIds = new ArrayList<>(a.noticeIds);
        foreignIds.addAll(a.memberIds);
        foreignIds.addAll(a.handoverIds);
        foreignIds.addAll(a.programmeIds.subList(0, Math.min(2, a.programmeIds.size())));
        foreignIds.addAll(a.caseIds);
        foreignIds.addAll(a.householdIds);
        foreignIds.addAll(a.messageIds);
        foreignIds.addAll(a.attachmentIds);
        foreignIds.addAll(a.applicationIds);
        foreignIds.addAll(a.applicationFileIds);
        foreignIds.addAll(a.lifeEventBundleIds);
        foreignIds.add(a.citizen); // /citizens/{id} is keyed by user name
        int calls = 0;
        for (String path : paths.keySet()) {
            String apiPath = path.startsWith("/api/") ? path : "/api" + path;
            for (String method : paths.getJsonObject(path).keySet()) {
                if (!List.of("get", "post", "put", "delete", "patch").contains(method)) {
                    continue;
                }
                List<String> concrete = new ArrayList<>();
                if (apiPath.contains("{id}")) {
                    foreignIds.forEach(id -> concrete.add(apiPath.replace("{id}", id)));
                } else {
                    concrete.add(apiPath);
                }
                for (String p : concrete) {
                    // other path parameters (a partner's name …) are no city's id: a plain value
                    String url = p.replace("{code}", a.code).replaceAll("\\{[^}]+}", "probe");
                    for (String token : List.of(b.adminToken(), b.staffToken(), b.citizenToken())) {
                        String body = method.equals("get") || method.equals("delete") ? null
                                : "{\"title\":\"probe\",\"body\":\"probe\",\"published\":true}";
                        var r = call(method.toUpperCase(), url, token, body);
                        calls++;
                        assertTrue(r.status() < 500, () -> method + " " + url + " answered " + r);
                        String visible = withoutInstance(r);
                        assertFalse(visible.contains(a.canary), () -> method + " " + url + " leaked A's canary: " + r);
                        for (String id : foreignIds) {
                            assertFalse(visible.contains(id), () -> method + " " + url + " leaked A's id: " + r);
                        }
                        if (!url.equals(apiPath) || url.contains(a.code)) {
                            assertTrue(r.status() >= 400, () -> method + " " + url + " with A's ids must fail: " + r);
                        }
                    }
                }
            }
        }
        System.out.println("[isolation] endpoint matrix: " + paths.size() + " paths, " + calls + " calls, 0 leaks");
    }

    @Test
    @Order(7)
    void soakThroughASmallPoolWithRollbacksNeverMixesCities() throws Exception {
        cities();
        TestCity[] all = {a, b, c};
        // 2,000 requests through a pool of two connections reuse each connection about a thousand times, with ~600
        // rollbacks: enough to show that no city's binding survives on a connection; a longer soak is
        // -Dkyodo.soak.requests=10000 (or more)
        int total = Integer.getInteger("kyodo.soak.requests", 2_000);
        AtomicInteger done = new AtomicInteger();
        AtomicInteger rollbacks = new AtomicInteger();
        AtomicInteger foreign = new AtomicInteger();
        List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            futures.add(pool.submit(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                int i;
                while ((i = done.getAndIncrement()) < total) {
                    TestCity me = all[i % 3];
                    TestCity other = all[(i + 1) % 3];
                    int kind = rnd.nextInt(10);
                    Platform.Reply r;
                    if (kind < 6) {
                        r = get("/api/v1/notices", me.staffToken());
                        if (r.status() != 200) {
                            problems.add("list " + r);
                        }
                    } else if (kind < 7) {
                        r = call("POST", "/api/v1/notices", me.staffToken(), Json.createObjectBuilder()
                                .add("title", me.canary + " soak " + i).add("body", me.canary).add("published", false)
                                .build().toString());
                        if (r.status() != 201) {
                            problems.add("create " + r);
                        }
                    } else if (kind < 9) {
                        // a read of another city's id inside a transaction that then rolls back
                        r = get("/api/v1/notices/" + other.noticeIds.get(0), me.staffToken());
                        rollbacks.incrementAndGet();
                        if (r.status() != 404) {
                            problems.add("foreign read " + r);
                        }
                    } else {
                        // a write refused inside the transaction (colour contrast check): it rolls back
                        r = call("PUT", "/api/v1/city/settings", me.adminToken(),
                                "{\"displayName\":\"x\",\"primaryColor\":\"#ffffff\",\"secondaryColor\":\"#00118f\","
                                        + "\"languages\":[\"ja\"],\"enabledModules\":[\"portal\"]}");
                        rollbacks.incrementAndGet();
                        if (r.status() != 400) {
                            problems.add("refused write " + r);
                        }
                    }
                    for (TestCity x : all) {
                        if (x != me && r.body().contains(x.canary)) {
                            foreign.incrementAndGet();
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("[isolation] soak: %d requests over 3 cities in %.1f s (%.0f req/s), %d rollbacks, %d foreign rows%n",
                total, seconds, total / seconds, rollbacks.get(), foreign.get());
        assertEquals(0, foreign.get(), "rows of another city returned");
        assertTrue(problems.isEmpty(), () -> problems.size() + " unexpected answers, first: " + problems.get(0));
        try (Connection conn = Platform.appConnection()) {
            assertEquals(0, count(conn, "SELECT count(*) FROM notice"), "nothing left bound on a fresh connection");
        }
    }

    // ---- helpers ------------------------------------------------------------------------

    static String withoutInstance(Platform.Reply r) {
        if (r.isProblem()) {
            JsonObject o = r.json();
            return Json.createObjectBuilder(o).remove("instance").build().toString();
        }
        return r.body();
    }

    static void bind(Connection conn, UUID city) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT set_config('app.tenant_id', ?, true)")) {
            ps.setString(1, city.toString());
            ps.execute();
        }
    }

    static long count(Connection conn, String sql) throws SQLException {
        try (ResultSet rs = conn.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static void assertZeroOrDenied(Connection conn, String sql, String table) throws SQLException {
        var sp = conn.setSavepoint();
        try (Statement s = conn.createStatement()) {
            assertEquals(0, s.executeUpdate(sql), table + ": " + sql);
        } catch (SQLException e) {
            assertEquals("42501", e.getSQLState(), table + ": " + e.getMessage());
            conn.rollback(sp);
        }
    }

    static String ensureKeycloakUser(String username) {
        var found = Platform.keycloakAdmin("GET", "/users?exact=true&username=" + username, null);
        if (found.array().size() > 0) {
            return found.array().getJsonObject(0).getString("id");
        }
        var r = Platform.keycloakAdmin("POST", "/users", Json.createObjectBuilder().add("username", username)
                .add("enabled", true).add("email", username + "@example.jp").add("emailVerified", true)
                .add("firstName", "試験").add("lastName", "利用者")
                .add("credentials", Json.createArrayBuilder().add(Json.createObjectBuilder().add("type", "password")
                        .add("value", Platform.TEST_PASSWORD).add("temporary", false))).build().toString());
        assertEquals(201, r.status(), r::toString);
        return ensureKeycloakUser(username);
    }

    static String ensureOrganization(String alias) {
        var found = Platform.keycloakAdmin("GET", "/organizations?q=lgCode:" + alias, null);
        for (var v : found.array()) {
            if (alias.equals(v.asJsonObject().getString("alias", ""))) {
                return v.asJsonObject().getString("id");
            }
        }
        var r = Platform.keycloakAdmin("POST", "/organizations", Json.createObjectBuilder().add("name", "stranger " + alias)
                .add("alias", alias).add("enabled", true)
                .add("attributes", Json.createObjectBuilder().add("lgCode", Json.createArrayBuilder().add(alias)))
                .add("domains", Json.createArrayBuilder()
                        .add(Json.createObjectBuilder().add("name", "lg" + alias + ".stranger.invalid"))).build().toString());
        assertEquals(201, r.status(), r::toString);
        return ensureOrganization(alias);
    }

    static void joinOrganization(String alias, String userId) {
        String orgId = ensureOrganization(alias);
        Platform.keycloakAdmin("POST", "/organizations/" + orgId + "/members", "\"" + userId + "\"");
    }

    static void memberOf(String code, String userId, String username, String role) {
        try {
            Identities.recordMember(code, userId, username, role);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("member register of " + code + ": " + e.getMessage(), e);
        }
    }

}
