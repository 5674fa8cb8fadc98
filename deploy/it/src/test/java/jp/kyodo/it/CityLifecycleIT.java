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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The vendor's city lifecycle: create (idempotent, all or nothing), suspend, export, import, delete; bad input. */
@ExtendWith(ArquillianExtension.class)
class CityLifecycleIT {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Platform.application();
    }

    /**
     * The rows with every subject id ({@code *_subject} columns, {@code subject:} owner keys) replaced by the user name
     * of the member who has it in the same export, sorted: so a table round-trips when each row still belongs to the
     * same member, on whatever account the import made for them.
     */
    static java.util.List<String> bySubjectName(jakarta.json.JsonArray rows, jakarta.json.JsonArray members) {
        java.util.Map<String, String> names = new java.util.HashMap<>();
        members.forEach(m -> names.put(m.asJsonObject().getString("keycloak_user_id"), m.asJsonObject().getString("username")));
        java.util.List<String> out = new java.util.ArrayList<>();
        for (var v : rows) {
            var b = Json.createObjectBuilder(v.asJsonObject());
            v.asJsonObject().forEach((key, value) -> {
                if (key.endsWith("_subject")) {
                    b.add(key, value instanceof jakarta.json.JsonString s ? "member " + names.getOrDefault(s.getString(), "nobody")
                            : "member nobody");
                } else if (key.equals("owner") && value instanceof jakarta.json.JsonString s && s.getString().startsWith("subject:")) {
                    b.add(key, "member " + names.getOrDefault(s.getString().substring("subject:".length()), "nobody"));
                }
            });
            out.add(b.build().toString());
        }
        java.util.Collections.sort(out);
        return out;
    }

    @Test
    void createIsIdempotent() {
        try (TestCity city = TestCity.create("141003")) {
            var again = call("POST", "/api/v1/cities", Platform.vendor(), "{\"code\":\"141003\",\"adminUsername\":\"" + city.admin + "\",\"adminEmail\":\"" + city.admin + "@example.jp\"}");
            assertEquals(200, again.status(), again::toString);
            JsonObject view = again.json();
            assertFalse(view.getBoolean("created"));
            assertEquals("横浜市", view.getString("name"));
            assertEquals("神奈川県", view.getString("prefecture"));
            assertEquals("ACTIVE", view.getString("status"));
            var orgs = Platform.keycloakAdmin("GET", "/organizations?q=lgCode:141003", null);
            assertEquals(1, orgs.array().size(), "one organization, not two: " + orgs);
            var settings = get("/api/v1/city", city.adminToken());
            assertEquals(200, settings.status(), settings::toString);
            assertEquals("横浜市", settings.json().getJsonObject("settings").getString("displayName"));
        }
    }

    @Test
    void badInputIsAClearProblemAndWritesNothing() {
        String v = Platform.vendor();
        assertProblem(call("POST", "/api/v1/cities", v, "{\"code\":\"12345\"}"), 400);
        assertProblem(call("POST", "/api/v1/cities", v, "{\"code\":\"011001\",\"adminEmail\":\"a@example.jp\"}"), 400); // wrong check digit
        assertProblem(call("POST", "/api/v1/cities", v, "{\"code\":\"999997\",\"adminEmail\":\"a@example.jp\"}"), 404); // well formed, not a municipality
        assertProblem(call("POST", "/api/v1/cities", v, "{\"code\":"), 400);
        assertProblem(call("POST", "/api/v1/cities", v, "[1,2,3]"), 400);
        assertProblem(call("POST", "/api/v1/cities", v, ""), 400);
        assertProblem(call("POST", "/api/v1/cities", v, "{\"code\":\"" + "1".repeat(2_000_000) + "\"}"), 413);
        assertProblem(call("POST", "/api/v1/cities", v, "{\"code\":\"401307\",\"adminEmail\":\"not an address\"}"), 400);
        assertProblem(call("POST", "/api/v1/cities", v, "{\"code\":\"401307\"}"), 400); // the first administrator needs an e-mail
        assertProblem(get("/api/v1/cities/401307", v), 404);
        var notVendor = call("POST", "/api/v1/cities", Platform.token("analyst", Platform.DEMO_PASSWORD, "openid"),
                "{\"code\":\"401307\"}");
        assertEquals(403, notVendor.status(), notVendor::toString);
        var problem = call("POST", "/api/v1/cities", v, "{\"code\":\"12345\"}").json();
        assertTrue(problem.getString("title_ja").length() > 0 && problem.getString("title_en").length() > 0, problem::toString);
        assertTrue(problem.containsKey("type") && problem.containsKey("status"), problem::toString);
    }

    @Test
    void aCreateThatFailsHalfWayLeavesNothing() {
        try (TestCity first = TestCity.create("401307")) {
            // the second city's administrator e-mail is already taken: Keycloak refuses after the organization exists
            var r = call("POST", "/api/v1/cities", Platform.vendor(), Json.createObjectBuilder().add("code", "472018")
                    .add("adminUsername", "it-clash-472018").add("adminEmail", first.admin + "@example.jp").build().toString());
            assertEquals(409, r.status(), r::toString);
            assertTrue(r.isProblem());
            assertEquals(404, get("/api/v1/cities/472018", Platform.vendor()).status());
            var orgs = Platform.keycloakAdmin("GET", "/organizations?q=lgCode:472018", null);
            assertEquals(0, orgs.array().size(), "no organization left behind: " + orgs);
            var users = Platform.keycloakAdmin("GET", "/users?exact=true&username=it-clash-472018", null);
            assertEquals(0, users.array().size(), "no user left behind");
            var ok = call("POST", "/api/v1/cities", Platform.vendor(), "{\"code\":\"472018\",\"adminUsername\":\"it-admin-472018\",\"adminEmail\":\"it-admin-472018@example.jp\","
                    + "\"adminPassword\":\"" + Platform.TEST_PASSWORD + "\"}");
            assertEquals(201, ok.status(), "a retry starts clean: " + ok);
            assertTrue(Platform.str(ok.json(), "adminUsername").equals("it-admin-472018"));
            TestCity.create("472018").close();
        }
    }

    @Test
    void exportImportRoundTripsAndDeleteNeedsAnExport() {
        JsonObject doc;
        JsonObject tables;
        try (TestCity source = TestCity.create("012025")) {
            String v = Platform.vendor();
            var early = call("DELETE", "/api/v1/cities/" + source.code + "?confirm=" + source.code, v, null);
            assertEquals(409, early.status(), "delete before any export is refused: " + early);
            var export = get("/api/v1/cities/" + source.code + "/export", v);
            assertEquals(200, export.status(), export::toString);
            doc = export.json();
            assertEquals("kyodo-city-export/1", doc.getString("format"));
            tables = doc.getJsonObject("tables");
            assertEquals(2, tables.getJsonArray("notice").size());
            assertTrue(tables.getJsonArray("audit_event").size() >= 3);
            assertTrue(doc.getJsonArray("accounts").size() >= 3);
            var noConfirm = call("DELETE", "/api/v1/cities/" + source.code, v, null);
            assertEquals(400, noConfirm.status(), noConfirm::toString);
            // the import creates new accounts, never adopts existing ones: the source goes first (as when a city
            // moves to another deployment, where none of its accounts exist)
            var deleted = Platform.deleteCity(source.code);
            assertEquals("DELETED", deleted.json().getString("status"), deleted::toString);
        }
        assertEquals(404, get("/api/v1/cities/012025", Platform.vendor()).status(), "deleted");

        // import into a freshly onboarded city, then export it again: the same tables
        String v = Platform.vendor();
        var target = call("POST", "/api/v1/cities", v, "{\"code\":\"012033\",\"adminUsername\":\"it-admin-012033\",\"adminEmail\":\"it-admin-012033@example.jp\","
                + "\"adminPassword\":\"" + Platform.TEST_PASSWORD + "\"}");
        assertTrue(target.status() == 201 || target.status() == 200, target::toString);
        try {
            var bad = call("POST", "/api/v1/cities/012033/import", v, "{\"format\":\"other\"}");
            assertEquals(400, bad.status(), bad::toString);
            var broken = Json.createObjectBuilder(doc).add("tables", Json.createObjectBuilder(tables)
                    .add("notice", Json.createArrayBuilder().add(Json.createObjectBuilder().add("id", "not-a-uuid")))).build();
            var rejected = call("POST", "/api/v1/cities/012033/import", v, broken.toString());
            assertEquals(400, rejected.status(), rejected::toString);
            assertEquals(0, Platform.keycloakAdmin("GET", "/users?exact=true&username=it-staff-012025", null).array().size(),
                    "a rejected import leaves no account behind");
            var imported = call("POST", "/api/v1/cities/012033/import", v, doc.toString());
            assertEquals(200, imported.status(), imported::toString);
            var again = call("POST", "/api/v1/cities/012033/import", v, doc.toString());
            assertEquals(409, again.status(), "a city with data refuses a second import: " + again);
            JsonObject reexported = get("/api/v1/cities/012033/export", v).json().getJsonObject("tables");
            for (String table : tables.keySet()) {
                if (!table.equals("city_member") && !table.equals("audit_event")) {
                    // personal rows belong to subject ids, which are the new accounts' now: compared by member name
                    assertEquals(bySubjectName(tables.getJsonArray(table), tables.getJsonArray("city_member")),
                            bySubjectName(reexported.getJsonArray(table), reexported.getJsonArray("city_member")),
                            "table " + table + " round-trips");
                }
            }
            // the audit trail keeps every imported line (and gains the vendor's import and export lines)
            for (var line : tables.getJsonArray("audit_event")) {
                assertTrue(reexported.getJsonArray("audit_event").contains(line), "audit line kept: " + line);
            }
            // every member arrives with its role, on a new account (never the file's keycloak_user_id)
            for (var row : tables.getJsonArray("city_member")) {
                JsonObject before = row.asJsonObject();
                JsonObject after = reexported.getJsonArray("city_member").stream().map(x -> x.asJsonObject())
                        .filter(m -> m.getString("username").equals(before.getString("username"))).findFirst().orElseThrow();
                assertEquals(before.getString("role"), after.getString("role"));
                assertFalse(before.getString("keycloak_user_id").equals(after.getString("keycloak_user_id")),
                        "a new account for " + before.getString("username"));
            }
            // the new account has no password: its owner sets one ("forgot password"); here the test does
            String staffId = Platform.keycloakAdmin("GET", "/users?exact=true&username=it-staff-012025", null).array()
                    .getJsonObject(0).getString("id");
            var reset = Platform.keycloakAdmin("PUT", "/users/" + staffId + "/reset-password", Json.createObjectBuilder()
                    .add("type", "password").add("value", Platform.TEST_PASSWORD).add("temporary", false).build().toString());
            assertEquals(204, reset.status(), reset::toString);
            // and confirms the file's e-mail address, which an import stores unverified (CityImportAttackIT)
            var verified = Platform.keycloakAdmin("PUT", "/users/" + staffId, Json.createObjectBuilder()
                    .add("emailVerified", true).add("requiredActions", Json.createArrayBuilder()).build().toString());
            assertEquals(204, verified.status(), verified::toString);
            var notices = get("/api/v1/notices", Platform.freshToken("it-staff-012025", Platform.TEST_PASSWORD, "openid organization:012033"));
            assertEquals(200, notices.status(), "the imported staff account works in the new city: " + notices);
        } finally {
            call("GET", "/api/v1/cities/012033/export", v, null);
            Platform.deleteCity("012033");
        }
    }

    /**
     * An import writes the columns a row names and leaves the others to their defaults. So that no row can lack a
     * value its table promises (a {@code created_at} the member list sorts by, say), a tenant-table column that has
     * a default is also NOT NULL: a file that gives it as null is refused, never stored with a hole.
     */
    @Test
    void everyTenantColumnWithADefaultIsNotNull() throws SQLException {
        List<String> holes = new ArrayList<>();
        int checked = 0;
        try (Connection conn = Platform.ownerConnection(); Statement s = conn.createStatement();
             ResultSet rs = s.executeQuery("SELECT c.table_name, c.column_name, c.is_nullable FROM information_schema.columns c"
                     + " JOIN kyodo_tenant_tables() t ON t.table_name = c.table_name"
                     + " WHERE c.table_schema = current_schema() AND c.column_default IS NOT NULL")) {
            while (rs.next()) {
                checked++;
                if (!"NO".equals(rs.getString(3))) {
                    holes.add(rs.getString(1) + "." + rs.getString(2));
                }
            }
        }
        assertTrue(checked > 20, "the tenant tables' defaulted columns were read (" + checked + ")");
        assertEquals(List.of(), holes, "columns with a default that accept NULL");
    }

    @Test
    void auditTrailRecordsReadsOfPersonalDataAndIsAppendOnly() throws SQLException {
        try (TestCity city = TestCity.create("042021")) {
            String memberId = city.memberIds.get(1);
            assertEquals(200, get("/api/v1/members/" + memberId, city.adminToken()).status());
            var audit = get("/api/v1/city/audit?entityType=city_member", city.adminToken());
            assertEquals(200, audit.status(), audit::toString);
            boolean found = audit.array().stream().map(x -> x.asJsonObject()).anyMatch(e ->
                    e.getString("action").equals("personal-data.read") && memberId.equals(e.getString("entityId"))
                            && city.admin.equals(e.getString("actor")));
            assertTrue(found, "the read is in the audit trail: " + audit);
            assertEquals(403, get("/api/v1/city/audit", city.staffToken()).status(), "staff may not read the audit trail");
            try (Connection conn = Platform.appConnection(); Statement s = conn.createStatement()) {
                for (String sql : new String[] {"UPDATE audit_event SET actor = 'x'", "DELETE FROM audit_event",
                        "TRUNCATE audit_event"}) {
                    try {
                        s.executeUpdate(sql);
                        fail("the app role must not run: " + sql);
                    } catch (SQLException e) {
                        assertEquals("42501", e.getSQLState(), sql + ": " + e.getMessage());
                    }
                }
            }
        }
    }

    @Test
    void nationalStatisticsAreAggregatesOnly() {
        try (TestCity city = TestCity.create("042056")) {
            var stats = get("/api/v1/statistics/cities", Platform.token("analyst", Platform.DEMO_PASSWORD, "openid"));
            assertEquals(200, stats.status(), stats::toString);
            JsonObject row = stats.array().stream().map(x -> x.asJsonObject()).filter(o -> o.getString("code").equals("042056"))
                    .findFirst().orElseThrow();
            assertEquals(4, row.getInt("accounts"));
            assertEquals(1, row.getInt("noticesPublished"));
            assertFalse(stats.body().contains(city.admin), "no user names in statistics");
            assertFalse(stats.body().contains(city.canary), "no content in statistics");
            assertEquals(403, get("/api/v1/statistics/cities", city.adminToken()).status(), "city admins are not national staff");
            assertEquals(403, get("/api/v1/members", Platform.token("analyst", Platform.DEMO_PASSWORD, "openid")).status(),
                    "national staff never reach personal data");
        }
    }

    static void assertProblem(Platform.Reply r, int status) {
        assertEquals(status, r.status(), r::toString);
        assertTrue(r.isProblem(), () -> "problem+json expected: " + r);
    }
}
