package jp.kyodo.it;

import static jp.kyodo.it.Platform.call;
import static jp.kyodo.it.Platform.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Attack suite, issue #10 item 3: an import file is not trusted about identity. It cannot adopt an account of
 * another city (or the vendor's), cannot point a member at someone else's Keycloak id, cannot hand out a platform
 * role; a refused import writes nothing. Every test makes two cities (the victim and the import's target).
 */
@ExtendWith(ArquillianExtension.class)
class CityImportAttackIT {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Platform.application();
    }

    @Test
    void anImportNamingExistingAccountsIsRefusedWholeAndWritesNothing() {
        try (TestCity victim = TestCity.create("032018"); Target target = Target.create("032026")) {
            String victimStaffId = userId(victim.staff);
            String fresh = "it-imp-fresh-" + target.code;
            JsonObject doc = export(target.code,
                    Json.createArrayBuilder().add(account(victim.staff)).add(account("vendor")).add(account(fresh)),
                    Json.createArrayBuilder()
                            .add(member(victim.staff, victimStaffId, "city-admin"))
                            .add(member("vendor", userId("vendor"), "citizen"))
                            .add(member(fresh, UUID.randomUUID().toString(), "staff")),
                    notice("it-import-must-not-land"));
            var r = call("POST", "/api/v1/cities/" + target.code + "/import", Platform.vendor(), doc.toString());
            assertEquals(409, r.status(), "an import naming existing accounts is refused: " + r);
            assertTrue(r.isProblem(), r::toString);
            JsonArray clashes = r.json().getJsonArray("clashes");
            List<String> names = clashes.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
            assertTrue(names.contains(victim.staff) && names.contains("vendor"), "both clashes listed: " + r);
            assertFalse(names.contains(fresh), "a free name is no clash: " + r);

            // nothing written: no account, no row, no membership, no role
            assertEquals(0, Platform.keycloakAdmin("GET", "/users?exact=true&username=" + fresh, null).array().size(),
                    "no account was created");
            JsonObject tables = get("/api/v1/cities/" + target.code + "/export", Platform.vendor()).json().getJsonObject("tables");
            assertEquals(0, tables.getJsonArray("notice").size(), "no row was written");
            assertEquals(List.of(target.admin), tables.getJsonArray("city_member").stream()
                    .map(m -> m.asJsonObject().getString("username")).toList(), "the target's members are unchanged");
            // the victim is untouched: still in its own city only, same roles, and still working there
            assertEquals(1, Platform.keycloakAdmin("GET", "/organizations/members/" + victimStaffId + "/organizations", null)
                    .array().size(), "the victim belongs to its own city only");
            assertFalse(realmRoles(victimStaffId).contains("city-admin"), "the file's role was not granted");
            assertEquals(200, get("/api/v1/notices", Platform.freshToken(victim.staff, Platform.TEST_PASSWORD, victim.scope())).status());
            var intoTarget = get("/api/v1/members", Platform.freshToken(victim.staff, Platform.TEST_PASSWORD, target.scope()));
            assertTrue(intoTarget.status() == 401 || intoTarget.status() == 403, "the victim has no way into the target: " + intoTarget);
            assertFalse(realmRoles(userId("vendor")).contains("citizen"), "the vendor account got no city role");
        }
    }

    @Test
    void theFilesKeycloakIdsAreNeverUsedAndTheImportIsInTheCitysAuditTrail() {
        try (TestCity victim = TestCity.create("032034"); Target target = Target.create("032069")) {
            String victimAdminId = userId(victim.admin);
            String ghost = "it-imp-ghost-" + target.code;
            // a member row without an account entry, pointing at the victim's administrator (its e-mail address, in
            // the row, is the one the person will use to set a password: Keycloak's profile needs one at sign-in)
            JsonObject doc = export(target.code, Json.createArrayBuilder(), Json.createArrayBuilder().add(Json
                    .createObjectBuilder(member(ghost, victimAdminId, "staff")).add("email", ghost + "@example.jp")),
                    notice("imported notice"));
            var r = call("POST", "/api/v1/cities/" + target.code + "/import", Platform.vendor(), doc.toString());
            assertEquals(200, r.status(), r::toString);
            JsonObject row = get("/api/v1/cities/" + target.code + "/export", Platform.vendor()).json().getJsonObject("tables")
                    .getJsonArray("city_member").stream().map(x -> x.asJsonObject())
                    .filter(m -> m.getString("username").equals(ghost)).findFirst().orElseThrow();
            assertNotEquals(victimAdminId, row.getString("keycloak_user_id"), "the file's keycloak_user_id is not used");
            assertEquals(userId(ghost), row.getString("keycloak_user_id"), "the member is a new account of its own");
            assertEquals(List.of(target.orgId()), Platform.keycloakAdmin("GET", "/organizations/members/" + userId(ghost)
                    + "/organizations", null).array().stream().map(o -> o.asJsonObject().getString("id")).toList());
            // the file left created_at out: the row is still complete (the column's default), never a NULL
            assertFalse(row.isNull("created_at"), () -> "the imported member row is complete: " + row);

            // the new account has no password (the file carries none, and none is made up): nobody can sign in as
            // the person until a password is set, by the person ("forgot password") or by an administrator
            String ghostId = userId(ghost);
            assertTrue(Platform.keycloakAdmin("GET", "/users/" + ghostId + "/credentials", null).array().stream()
                    .noneMatch(cr -> "password".equals(cr.asJsonObject().getString("type", ""))), "no password credential");
            var noPassword = assertThrows(IllegalStateException.class,
                    () -> Platform.freshToken(ghost, Platform.TEST_PASSWORD, target.scope()));
            assertTrue(noPassword.getMessage().contains("invalid_grant"), noPassword::getMessage);
            // an administrator sets one, as Keycloak's console does; the person then works in the target city only,
            // with the file's role as a role of that city (staff: cases, but not the member list)
            var reset = Platform.keycloakAdmin("PUT", "/users/" + ghostId + "/reset-password", Json.createObjectBuilder()
                    .add("type", "password").add("value", Platform.TEST_PASSWORD).add("temporary", false).build().toString());
            assertEquals(204, reset.status(), reset::toString);
            // the file's e-mail address is not trusted either: stored unverified, and Keycloak makes the person confirm
            // it before the account can be used (a password alone does not do)
            JsonObject account = Platform.keycloakAdmin("GET", "/users/" + ghostId, null).json();
            assertFalse(account.getBoolean("emailVerified", true), () -> "the file's e-mail taken as verified: " + account);
            assertTrue(account.getJsonArray("requiredActions").stream()
                    .anyMatch(a -> "VERIFY_EMAIL".equals(((JsonString) a).getString())), account::toString);
            var unverified = assertThrows(IllegalStateException.class,
                    () -> Platform.freshToken(ghost, Platform.TEST_PASSWORD, target.scope()));
            assertTrue(unverified.getMessage().contains("invalid_grant"), unverified::getMessage);
            // the person follows the link of Keycloak's verification e-mail (done here as that link does)
            var verified = Platform.keycloakAdmin("PUT", "/users/" + ghostId, Json.createObjectBuilder()
                    .add("emailVerified", true).add("requiredActions", Json.createArrayBuilder()).build().toString());
            assertEquals(204, verified.status(), verified::toString);
            String ghostInTarget = Platform.freshToken(ghost, Platform.TEST_PASSWORD, target.scope());
            assertEquals(200, get("/api/v1/cases", ghostInTarget).status(), "the imported staff works in the target");
            assertEquals(403, get("/api/v1/members", ghostInTarget).status(), "staff, not more");
            var ghostInVictim = get("/api/v1/members", Platform.freshToken(ghost, Platform.TEST_PASSWORD, victim.scope()));
            assertTrue(ghostInVictim.status() == 401 || ghostInVictim.status() == 403,
                    () -> "the file's keycloak_user_id gave no way into the victim's city: " + ghostInVictim);

            // the target's administrator removes the imported member: only the new account goes, never the victim
            var removed = call("DELETE", "/api/v1/members/" + row.getString("id"), target.adminToken(), null);
            assertEquals(204, removed.status(), removed::toString);
            assertEquals(0, Platform.keycloakAdmin("GET", "/users?exact=true&username=" + ghost, null).array().size(),
                    "the imported account belonged to the target only and is gone");
            assertEquals(1, Platform.keycloakAdmin("GET", "/users?exact=true&username=" + victim.admin, null).array().size(),
                    "the victim's administrator still exists");
            assertEquals(200, get("/api/v1/members", Platform.freshToken(victim.admin, Platform.TEST_PASSWORD, victim.scope())).status(),
                    "and still works in its city");

            // the vendor's import is in the target's own audit trail; the victim's trail does not show it
            var audit = get("/api/v1/city/audit?entityType=city", target.adminToken());
            assertEquals(200, audit.status(), audit::toString);
            assertTrue(audit.array().stream().map(x -> x.asJsonObject()).anyMatch(e -> e.getString("action").equals("city.import")
                    && e.getString("actor").equals("vendor") && target.code.equals(e.getString("entityId"))), audit::toString);
            var victimAudit = get("/api/v1/city/audit?entityType=city", victim.adminToken());
            assertFalse(victimAudit.body().contains("city.import"), victimAudit::toString);
        }
    }

    @Test
    void aPlatformRoleInTheFileRefusesTheImportAndABrokenRowLeavesNoAccount() {
        try (Target target = Target.create("032051")) {
            String name = "it-imp-role-" + target.code;
            JsonObject withVendorRole = export(target.code, Json.createArrayBuilder().add(account(name)),
                    Json.createArrayBuilder().add(member(name, UUID.randomUUID().toString(), "vendor")), notice("x"));
            var r = call("POST", "/api/v1/cities/" + target.code + "/import", Platform.vendor(), withVendorRole.toString());
            assertEquals(400, r.status(), r::toString);
            assertTrue(r.isProblem() && r.json().getString("type").endsWith("import-members"), r::toString);
            assertEquals(0, Platform.keycloakAdmin("GET", "/users?exact=true&username=" + name, null).array().size());

            JsonObject brokenRow = export(target.code, Json.createArrayBuilder().add(account(name)),
                    Json.createArrayBuilder().add(member(name, UUID.randomUUID().toString(), "citizen")),
                    Json.createObjectBuilder().add("id", "not-a-uuid"));
            var broken = call("POST", "/api/v1/cities/" + target.code + "/import", Platform.vendor(), brokenRow.toString());
            assertEquals(400, broken.status(), broken::toString);
            assertEquals(0, Platform.keycloakAdmin("GET", "/users?exact=true&username=" + name, null).array().size(),
                    "the account made for a rejected import is gone again");
            assertEquals(0, get("/api/v1/cities/" + target.code + "/export", Platform.vendor()).json().getJsonObject("tables")
                    .getJsonArray("notice").size());
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    /** A city just onboarded (nothing but its administrator), deleted at the end. */
    record Target(String code, String admin) implements AutoCloseable {
        static Target create(String code) {
            String admin = "it-admin-" + code;
            var r = call("POST", "/api/v1/cities", Platform.vendor(), Json.createObjectBuilder().add("code", code)
                    .add("adminUsername", admin).add("adminEmail", admin + "@example.jp")
                    .add("adminPassword", Platform.TEST_PASSWORD).build().toString());
            assertTrue(r.status() == 201 || r.status() == 200, r::toString);
            return new Target(code, admin);
        }

        String scope() {
            return "openid organization:" + code;
        }

        String adminToken() {
            return Platform.token(admin, Platform.TEST_PASSWORD, scope());
        }

        String orgId() {
            return Platform.keycloakAdmin("GET", "/organizations?q=lgCode:" + code, null).array().getJsonObject(0).getString("id");
        }

        @Override
        public void close() {
            call("GET", "/api/v1/cities/" + code + "/export", Platform.vendor(), null);
            Platform.deleteCity(code);
        }
    }

    static JsonObject export(String code, jakarta.json.JsonArrayBuilder accounts, jakarta.json.JsonArrayBuilder members,
                             jakarta.json.JsonObjectBuilder notice) {
        return Json.createObjectBuilder().add("format", "kyodo-city-export/1").add("exportedAt", "2026-12-01T00:00:00Z")
                .add("city", Json.createObjectBuilder().add("code", code))
                .add("accounts", accounts)
                .add("tables", Json.createObjectBuilder().add("city_member", members)
                        .add("notice", Json.createArrayBuilder().add(notice)))
                .build();
    }

    static JsonObject account(String username) {
        return Json.createObjectBuilder().add("username", username).add("email", username + "-imported@example.jp")
                .add("firstName", "取込").add("lastName", "試験").build();
    }

    static JsonObject member(String username, String keycloakUserId, String role) {
        return Json.createObjectBuilder().add("id", UUID.randomUUID().toString()).add("keycloak_user_id", keycloakUserId)
                .add("username", username).add("display_name", "試験 " + username).add("role", role).build();
    }

    static jakarta.json.JsonObjectBuilder notice(String title) {
        return Json.createObjectBuilder().add("id", UUID.randomUUID().toString()).add("title", title).add("body", "本文")
                .add("category", "general").add("published", false).add("created_by", "vendor");
    }

    static String userId(String username) {
        return Platform.keycloakAdmin("GET", "/users?exact=true&username=" + username, null).array().getJsonObject(0)
                .getString("id");
    }

    static List<String> realmRoles(String userId) {
        return Platform.keycloakAdmin("GET", "/users/" + userId + "/role-mappings/realm", null).array().stream()
                .map(r -> r.asJsonObject().getString("name")).toList();
    }
}
