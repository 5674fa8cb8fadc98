package jp.kyodo.it;

import static jp.kyodo.it.Platform.call;
import static jp.kyodo.it.Platform.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Attack suite, issue #10 items 4 and 14 (and the deletion half of 3): a city's deletion needs a second vendor,
 * can be withdrawn until approved, is visible in the city's own audit trail, purges everything (rows, attachments,
 * the knowledge index directory, the accounts that were the city's alone) even when interrupted, never removes an
 * account in no organization or with a platform role, and a city created again has a new id and sees nothing old.
 */
@ExtendWith(ArquillianExtension.class)
class CityDeletionIT {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Platform.application();
    }

    @Test
    void deletionNeedsASecondVendorCanBeWithdrawnAndTheCitySeesIt() {
        try (TestCity city = TestCity.create("062014"); TestCity other = TestCity.create("062022")) {
            String v = Platform.vendor();
            String code = city.code;
            assertEquals(200, get("/api/v1/cities/" + code + "/export", v).status());
            var asked = call("DELETE", "/api/v1/cities/" + code + "?confirm=" + code, v, null);
            assertEquals(202, asked.status(), "a deletion is only asked for: " + asked);
            assertEquals("vendor", asked.json().getString("requestedBy"));
            assertEquals("ACTIVE", get("/api/v1/cities/" + code, v).json().getString("status"), "nothing deleted yet");
            assertEquals(200, get("/api/v1/notices", city.staffToken()).status(), "the city keeps running meanwhile");

            var self = call("POST", "/api/v1/cities/" + code + "/deletion/approve", v, null);
            assertEquals(403, self.status(), "the requester cannot approve: " + self);
            assertTrue(self.isProblem() && self.json().getString("type").endsWith("second-vendor-required"), self::toString);
            var byAdmin = call("POST", "/api/v1/cities/" + code + "/deletion/approve", city.adminToken(), null);
            assertEquals(403, byAdmin.status(), "a city admin approves nothing: " + byAdmin);

            var withdrawn = call("DELETE", "/api/v1/cities/" + code + "/deletion", Platform.secondVendor(), null);
            assertEquals(200, withdrawn.status(), withdrawn::toString);
            assertFalse(withdrawn.json().getBoolean("requested"));
            var notRequested = call("POST", "/api/v1/cities/" + code + "/deletion/approve", Platform.secondVendor(), null);
            assertEquals(409, notRequested.status(), "nothing to approve after the withdrawal: " + notRequested);

            // the second vendor is another Keycloak subject AND another name: the requester's account renamed is the
            // same person (on main, which compared user names, it approved its own request), and an account made
            // again under the requester's name does not count as a second person either
            String asker = "it-vendor-asker";
            String askerId = Platform.ensureUser(asker, "vendor");
            try {
                var again = call("DELETE", "/api/v1/cities/" + code + "?confirm=" + code,
                        Platform.freshToken(asker, Platform.TEST_PASSWORD, "openid"), null);
                assertEquals(202, again.status(), again::toString);
                // a realm where user names may be changed (a Keycloak setting an operator may turn on; off in ours)
                assertEquals(204, Platform.keycloakAdmin("PUT", "", "{\"editUsernameAllowed\":true}").status());
                JsonObject rep = Platform.keycloakAdmin("GET", "/users/" + askerId, null).json();
                var renamed = Platform.keycloakAdmin("PUT", "/users/" + askerId, Json.createObjectBuilder(rep)
                        .add("username", asker + "-renamed").build().toString());
                Platform.keycloakAdmin("PUT", "", "{\"editUsernameAllowed\":false}");
                assertEquals(204, renamed.status(), renamed::toString);
                assertEquals(asker + "-renamed", Platform.keycloakAdmin("GET", "/users/" + askerId, null).json()
                        .getString("username"), "the same account under another name");
                Platform.demoAuthenticatorFor(asker + "-renamed");
                var byRenamed = call("POST", "/api/v1/cities/" + code + "/deletion/approve",
                        Platform.freshToken(asker + "-renamed", Platform.TEST_PASSWORD, "openid"), null);
                assertEquals(403, byRenamed.status(), "a renamed requester is no second vendor: " + byRenamed);
                assertTrue(byRenamed.json().getString("type").endsWith("second-vendor-required"), byRenamed::toString);

                assertEquals(204, Platform.keycloakAdmin("DELETE", "/users/" + askerId, null).status());
                String remadeId = Platform.ensureUser(asker, "vendor");
                assertNotEquals(askerId, remadeId, "a new subject");
                var byRemade = call("POST", "/api/v1/cities/" + code + "/deletion/approve",
                        Platform.freshToken(asker, Platform.TEST_PASSWORD, "openid"), null);
                assertEquals(403, byRemade.status(), "an account made again under the requester's name: " + byRemade);
                assertEquals("ACTIVE", get("/api/v1/cities/" + code, v).json().getString("status"), "nothing deleted");
                assertEquals(200, call("DELETE", "/api/v1/cities/" + code + "/deletion", v, null).status());
            } finally {
                Platform.keycloakAdmin("PUT", "", "{\"editUsernameAllowed\":false}");
                for (String u : new String[] {asker, asker + "-renamed"}) {
                    var found = Platform.keycloakAdmin("GET", "/users?exact=true&username=" + u, null).array();
                    if (!found.isEmpty()) {
                        Platform.keycloakAdmin("DELETE", "/users/" + found.getJsonObject(0).getString("id"), null);
                    }
                }
            }
            assertEquals(200, get("/api/v1/notices", city.staffToken()).status(), "the city is intact");

            // the vendor's actions on the city are in the city's own audit trail, readable by its city admin
            assertEquals(200, call("POST", "/api/v1/cities/" + code + "/suspend", v, null).status());
            assertEquals(200, call("POST", "/api/v1/cities/" + code + "/resume", v, null).status());
            var audit = get("/api/v1/city/audit?entityType=city", city.adminToken());
            assertEquals(200, audit.status(), audit::toString);
            List<String> actions = audit.array().stream().map(x -> x.asJsonObject())
                    .filter(e -> e.getString("actor").equals("vendor") && "vendor".equals(Platform.str(e, "actorRole")))
                    .map(e -> e.getString("action")).toList();
            for (String a : List.of("city.export", "city.deletion-requested", "city.suspend", "city.resume")) {
                assertTrue(actions.contains(a), a + " in the city's audit trail: " + audit);
            }
            assertTrue(audit.array().stream().map(x -> x.asJsonObject()).anyMatch(e -> e.getString("action")
                    .equals("city.deletion-cancelled") && e.getString("actor").equals("it-vendor-2")), audit::toString);
            var othersAudit = get("/api/v1/city/audit?entityType=city", other.adminToken());
            assertFalse(othersAudit.body().contains(code), "another city's trail shows nothing of it: " + othersAudit);

            var deleted = Platform.deleteCity(code);
            assertEquals(200, deleted.status(), deleted::toString);
            assertEquals("DELETED", deleted.json().getString("status"));
            assertEquals("it-vendor-2", deleted.json().getString("approvedBy"));
            assertEquals(404, get("/api/v1/cities/" + code, v).status());
            assertEquals(200, get("/api/v1/notices", other.staffToken()).status(), "the other city is untouched");
        }
    }

    @Test
    void aDeletedCityIsPurgedAndARecreatedOneHasANewIdAndSeesNothingOld() throws SQLException {
        String code = "062031";
        UUID oldId;
        String oldCase;
        String oldNotice;
        String canary;
        try (TestCity city = TestCity.create(code)) {
            oldId = cityId(code);
            oldCase = city.caseIds.get(1);
            oldNotice = city.noticeIds.get(0);
            canary = city.canary;
            assertFalse(city.attachmentIds.isEmpty());
            assertTrue(rowCounts(oldId).getOrDefault("case_attachment", 0L) > 0, "the city has attachments");
            assertTrue(Files.isDirectory(indexDir(oldId)), "the city has a knowledge index directory: " + indexDir(oldId));
        }
        // TestCity.close() exported, asked, approved: the purge ran
        assertEquals("DELETED", get("/api/v1/cities/" + code + "/deletion", Platform.vendor()).json().getString("status"));
        rowCounts(oldId).forEach((table, n) -> assertEquals(0L, n, "no row of the deleted city left in " + table));
        assertFalse(Files.exists(indexDir(oldId)), "the index directory went with the city");
        assertEquals(0, Platform.keycloakAdmin("GET", "/users?exact=true&username=it-staff-" + code, null).array().size(),
                "the city's own accounts went with it");

        try (TestCity again = TestCity.create(code)) {
            UUID newId = cityId(code);
            assertNotEquals(oldId, newId, "a city created again gets a new id");
            var old = get("/api/v1/cases/" + oldCase, again.staffToken());
            assertEquals(404, old.status(), "the old case is not there: " + old);
            assertEquals(404, get("/api/v1/notices/" + oldNotice, again.staffToken()).status());
            assertFalse(get("/api/v1/notices", again.staffToken()).body().contains(canary), "no old notice");
            rowCounts(oldId).forEach((table, n) -> assertEquals(0L, n, "still nothing under the old id in " + table));
        }
    }

    @Test
    void anInterruptedPurgeIsResumedUntilDone() throws SQLException {
        String code = "062049";
        try (TestCity city = TestCity.create(code)) {
            UUID id = cityId(code);
            assertEquals(200, get("/api/v1/cities/" + code + "/export", Platform.vendor()).status());
            assertEquals(202, call("DELETE", "/api/v1/cities/" + code + "?confirm=" + code, Platform.vendor(), null).status());
            String staffToken = city.staffToken(); // issued while the city was active
            // another session holds a lock on a tenant table: the purge's delete cannot get it and stops
            try (Connection owner = Platform.ownerConnection(); Statement s = owner.createStatement()) {
                owner.setAutoCommit(false);
                s.execute("LOCK TABLE notice IN SHARE MODE");
                var approved = call("POST", "/api/v1/cities/" + code + "/deletion/approve", Platform.secondVendor(), null);
                assertEquals(202, approved.status(), "the purge stopped half way: " + approved);
                JsonObject d = approved.json();
                assertEquals("DELETING", d.getString("status"));
                assertTrue(d.getInt("purgeAttempts") >= 1);
                assertNotNull(Platform.str(d, "purgeError"), d::toString);
                var served = get("/api/v1/notices", staffToken);
                assertTrue(served.status() == 403 || served.status() == 404 || served.status() == 401,
                        "nothing of a DELETING city is served: " + served);
                assertTrue(rowCounts(id).get("notice") > 0, "the rows are still there while the lock is held");
                assertEquals("DELETING", get("/api/v1/cities/" + code, Platform.vendor()).json().getString("status"),
                        "a DELETING city stays listed until done");
                owner.rollback(); // the lock goes: the next retry finishes the purge
            }
            var done = Platform.awaitDeleted(code, Duration.ofSeconds(90));
            assertEquals("DELETED", done.json().getString("status"), "the retries finished it: " + done);
            assertTrue(done.json().getInt("purgeAttempts") >= 2, done::toString);
            rowCounts(id).forEach((table, n) -> assertEquals(0L, n, "nothing left in " + table));
            assertFalse(Files.exists(indexDir(id)));
        }
    }

    @Test
    void anAccountInNoOrganizationOrWithAPlatformRoleSurvivesTheDeletion() {
        String code = "062057";
        String loner = "it-loner-" + code;
        String analyst = "it-analyst-" + code;
        String analystId = Platform.ensureUser(analyst, "national-analyst");
        try (TestCity city = TestCity.create(code)) {
            // a member of the city whom someone later took out of the city's organization in Keycloak
            var added = call("POST", "/api/v1/members", city.adminToken(), Json.createObjectBuilder().add("username", loner)
                    .add("familyName", "試験").add("givenName", "単独").add("email", loner + "@example.jp").add("role", "citizen")
                    .add("password", Platform.TEST_PASSWORD).add("temporaryPassword", false).build().toString());
            assertEquals(201, added.status(), added::toString);
            String orgId = Platform.keycloakAdmin("GET", "/organizations?q=lgCode:" + code, null).array().getJsonObject(0)
                    .getString("id");
            String lonerId = CityImportAttackIT.userId(loner);
            assertEquals(204, Platform.keycloakAdmin("DELETE", "/organizations/" + orgId + "/members/" + lonerId, null).status());
            assertEquals(0, Platform.keycloakAdmin("GET", "/organizations/members/" + lonerId + "/organizations", null)
                    .array().size(), "the account belongs to no organization now");
            // a national analyst (platform role) who is also in the city's organization
            var joined = Platform.keycloakAdmin("POST", "/organizations/" + orgId + "/members", "\"" + analystId + "\"");
            assertEquals(201, joined.status(), joined::toString);
        }
        try {
            assertEquals(1, Platform.keycloakAdmin("GET", "/users?exact=true&username=" + loner, null).array().size(),
                    "an account in no organization is never deleted with a city");
            assertEquals(1, Platform.keycloakAdmin("GET", "/users?exact=true&username=" + analyst, null).array().size(),
                    "an account with a platform role is never deleted with a city");
            assertEquals(0, Platform.keycloakAdmin("GET", "/users?exact=true&username=it-citizen-" + code, null).array().size(),
                    "the city's own accounts are");
        } finally {
            for (String u : new String[] {loner, analyst}) {
                var found = Platform.keycloakAdmin("GET", "/users?exact=true&username=" + u, null).array();
                if (!found.isEmpty()) {
                    Platform.keycloakAdmin("DELETE", "/users/" + found.getJsonObject(0).getString("id"), null);
                }
            }
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    static UUID cityId(String code) throws SQLException {
        try (Connection c = Platform.ownerConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id FROM city WHERE lg_code = ?")) {
            ps.setString(1, code);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "city " + code + " registered");
                return (UUID) rs.getObject(1);
            }
        }
    }

    /** The rows of every tenant table under the given city id, read as the owner with that city bound. */
    static Map<String, Long> rowCounts(UUID cityId) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection c = Platform.ownerConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            try (PreparedStatement bind = c.prepareStatement("SELECT set_config('app.tenant_id', ?, true)")) {
                bind.setString(1, cityId.toString());
                bind.execute();
            }
            List<String> tables = new java.util.ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT table_name FROM kyodo_tenant_tables() ORDER BY table_name")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String t : tables) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM \"" + t + "\" WHERE tenant_id = '" + cityId + "'")) {
                    rs.next();
                    counts.put(t, rs.getLong(1));
                }
            }
            c.rollback();
        }
        assertTrue(counts.size() > 10, "the tenant tables were listed: " + counts.keySet());
        return counts;
    }

    static Path indexDir(UUID cityId) {
        return Path.of(Platform.env("KYODO_DATA_DIR", "target/it-data")).resolve("knowledge").resolve(cityId.toString());
    }
}
