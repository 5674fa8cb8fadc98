package jp.kyodo.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Test set-up of identities for the attack suite, straight through Keycloak's admin API and the database owner: what
 * an attacker or an old deployment could have left behind, which the application must not trust.
 */
final class Identities {

    private Identities() {
    }

    /** Creates a Keycloak user with a password and no city (as self-registration would). Returns its id. */
    static String createUser(String username) {
        var r = Platform.keycloakAdmin("POST", "/users", Json.createObjectBuilder().add("username", username)
                .add("enabled", true).add("email", username + "@example.jp").add("emailVerified", true)
                .add("firstName", "試験").add("lastName", "攻撃")
                .add("credentials", Json.createArrayBuilder().add(Json.createObjectBuilder().add("type", "password")
                        .add("value", Platform.TEST_PASSWORD).add("temporary", false))).build().toString());
        assertTrue(r.status() == 201, () -> "create user " + username + ": " + r);
        return userId(username);
    }

    static String userId(String username) {
        var found = Platform.keycloakAdmin("GET", "/users?exact=true&username=" + Platform.enc(username), null);
        assertTrue(found.status() == 200 && !found.array().isEmpty(), () -> "user " + username + ": " + found);
        return found.array().getJsonObject(0).getString("id");
    }

    static boolean userExists(String username) {
        var found = Platform.keycloakAdmin("GET", "/users?exact=true&username=" + Platform.enc(username), null);
        return found.status() == 200 && !found.array().isEmpty();
    }

    static void deleteUser(String username) {
        if (userExists(username)) {
            Platform.keycloakAdmin("DELETE", "/users/" + userId(username), null);
        }
    }

    /** The id of the city's Keycloak organization. */
    static String organizationId(String code) {
        var r = Platform.keycloakAdmin("GET", "/organizations?q=lgCode:" + code, null);
        assertTrue(r.status() == 200, r::toString);
        return r.array().stream().map(v -> v.asJsonObject()).filter(o -> code.equals(o.getString("alias", "")))
                .map(o -> o.getString("id")).findFirst().orElseThrow(() -> new AssertionError("no organization " + code));
    }

    static boolean organizationExists(String code) {
        var r = Platform.keycloakAdmin("GET", "/organizations?q=lgCode:" + code, null);
        return r.array().stream().anyMatch(v -> code.equals(v.asJsonObject().getString("alias", "")));
    }

    /** The aliases (city codes) of the organizations the user belongs to. */
    static java.util.List<String> citiesOf(String userId) {
        var r = Platform.keycloakAdmin("GET", "/organizations/members/" + userId + "/organizations", null);
        assertTrue(r.status() == 200, r::toString);
        return r.array().stream().map(v -> v.asJsonObject().getString("alias", "")).toList();
    }

    static void joinOrganization(String code, String userId) {
        var r = Platform.keycloakAdmin("POST", "/organizations/" + organizationId(code) + "/members",
                Json.createValue(userId).toString());
        assertTrue(r.status() == 201 || r.status() == 204 || r.status() == 409, r::toString);
    }

    static void leaveOrganization(String code, String userId) {
        var r = Platform.keycloakAdmin("DELETE", "/organizations/" + organizationId(code) + "/members/" + userId, null);
        assertTrue(r.status() == 204 || r.status() == 404, r::toString);
    }

    /**
     * Gives a realm role, creating it when the realm has none of that name: the shape of main before roles per city
     * (every city role a realm role), so the tests show that a city role in the token grants nothing.
     */
    static void grantRealmRole(String userId, String role) {
        var existing = Platform.keycloakAdmin("GET", "/roles/" + role, null);
        if (existing.status() == 404) {
            var made = Platform.keycloakAdmin("POST", "/roles", Json.createObjectBuilder().add("name", role).build().toString());
            assertTrue(made.status() == 201 || made.status() == 409, made::toString);
            existing = Platform.keycloakAdmin("GET", "/roles/" + role, null);
        }
        var rep = existing.json();
        var r = Platform.keycloakAdmin("POST", "/users/" + userId + "/role-mappings/realm",
                Json.createArrayBuilder().add(rep).build().toString());
        assertTrue(r.status() == 204, r::toString);
    }

    /** Records a person as holding a role in a city (the city's member register), as the database owner. */
    static void recordMember(String code, String userId, String username, String role) throws SQLException {
        try (var c = Platform.ownerConnection()) {
            c.setAutoCommit(false);
            String cityId;
            try (var s = c.prepareStatement("SELECT id FROM city WHERE lg_code = ?")) {
                s.setString(1, code);
                var rs = s.executeQuery();
                assertTrue(rs.next(), "city " + code);
                cityId = rs.getString(1);
            }
            try (var s = c.prepareStatement("SELECT set_config('app.tenant_id', ?, true)")) {
                s.setString(1, cityId);
                s.executeQuery();
            }
            try (var s = c.prepareStatement("INSERT INTO city_member (id, keycloak_user_id, username, display_name, email, role)"
                    + " VALUES (?, ?, ?, ?, ?, ?)")) {
                s.setObject(1, UUID.randomUUID());
                s.setString(2, userId);
                s.setString(3, username);
                s.setString(4, "試験 " + username);
                s.setString(5, username + "@example.jp");
                s.setString(6, role);
                s.executeUpdate();
            }
            c.commit();
        }
    }
}
