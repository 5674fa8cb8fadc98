package jp.kyodo.tenant.identity;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.Form;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The few Keycloak admin operations the platform needs (organizations, users, memberships, realm
 * roles), over Keycloak's admin REST API with the {@code kyodo-admin} service account. Every
 * operation is idempotent from the caller's view: "ensure" finds before it creates.
 */
@ApplicationScoped
public class KeycloakAdmin {

    @Inject
    @ConfigProperty(name = "kyodo.keycloak.url", defaultValue = "http://localhost:8180")
    String baseUrl;
    @Inject
    @ConfigProperty(name = "kyodo.keycloak.realm", defaultValue = "kyodo")
    String realm;
    @Inject
    @ConfigProperty(name = "kyodo.keycloak.admin.client", defaultValue = "kyodo-admin")
    String clientId;
    @Inject
    @ConfigProperty(name = "kyodo.admin.client.secret", defaultValue = "kyodo-admin-dev-secret")
    String clientSecret;

    private Client client;
    private String token;
    private Instant tokenExpires = Instant.EPOCH;

    /** A user as Keycloak knows it. */
    public record User(String id, String username, String email, String firstName, String lastName) {
    }

    private synchronized Client client() {
        if (client == null) {
            client = ClientBuilder.newBuilder().connectTimeout(5, TimeUnit.SECONDS).readTimeout(20, TimeUnit.SECONDS)
                    .build();
        }
        return client;
    }

    @PreDestroy
    void close() {
        if (client != null) {
            client.close();
        }
    }

    private synchronized String token() {
        if (token != null && Instant.now().isBefore(tokenExpires)) {
            return token;
        }
        Form form = new Form().param("grant_type", "client_credentials").param("client_id", clientId)
                .param("client_secret", clientSecret);
        try (Response r = client().target(baseUrl).path("realms").path(realm).path("protocol/openid-connect/token")
                .request(MediaType.APPLICATION_JSON).post(Entity.form(form))) {
            String body = r.readEntity(String.class);
            if (r.getStatus() != 200) {
                throw new IdentityProviderException("admin token", r.getStatus(), body);
            }
            JsonObject json = parse(body).asJsonObject();
            token = json.getString("access_token");
            tokenExpires = Instant.now().plusSeconds(Math.max(10, json.getInt("expires_in", 60) - 30));
            return token;
        } catch (jakarta.ws.rs.ProcessingException e) {
            throw new IdentityProviderException("Keycloak unreachable at " + baseUrl + ": " + e.getMessage(), 0, null);
        }
    }

    private WebTarget admin() {
        return client().target(baseUrl).path("admin/realms").path(realm);
    }

    private Response call(String method, WebTarget target, Object body) {
        var req = target.request(MediaType.APPLICATION_JSON).header("Authorization", "Bearer " + token());
        try {
            if (body == null) {
                return req.method(method);
            }
            return req.method(method, Entity.entity(body.toString(), MediaType.APPLICATION_JSON_TYPE));
        } catch (jakarta.ws.rs.ProcessingException e) {
            throw new IdentityProviderException("Keycloak unreachable: " + e.getMessage(), 0, null);
        }
    }

    private JsonValue expect(String what, Response r, int... ok) {
        try (r) {
            String body = r.hasEntity() ? r.readEntity(String.class) : "";
            for (int s : ok) {
                if (r.getStatus() == s) {
                    return body.isBlank() ? JsonValue.NULL : parse(body);
                }
            }
            throw new IdentityProviderException(what, r.getStatus(), body);
        }
    }

    private static JsonValue parse(String body) {
        try (var reader = Json.createReader(new StringReader(body))) {
            return reader.readValue();
        }
    }

    // ---- organizations -------------------------------------------------------------------

    public Optional<String> findOrganization(String alias) {
        // organizations are found by their lgCode attribute (the search parameter matches names, not aliases)
        JsonArray found = expect("find organization", call("GET", admin().path("organizations")
                .queryParam("q", "lgCode:" + alias).queryParam("max", 50), null), 200).asJsonArray();
        return found.stream().map(JsonValue::asJsonObject).filter(o -> alias.equals(o.getString("alias", null)))
                .map(o -> o.getString("id")).findFirst();
    }

    /** The organization of a city, created when missing. Returns its id. */
    public String ensureOrganization(String alias, String name, Map<String, String> attributes) {
        Optional<String> existing = findOrganization(alias);
        if (existing.isPresent()) {
            return existing.get();
        }
        JsonObjectBuilder attrs = Json.createObjectBuilder();
        attributes.forEach((k, v) -> attrs.add(k, Json.createArrayBuilder().add(v)));
        JsonObject org = Json.createObjectBuilder().add("name", name + " (" + alias + ")").add("alias", alias)
                .add("enabled", true).add("attributes", attrs)
                .add("domains", Json.createArrayBuilder().add(Json.createObjectBuilder()
                        .add("name", "lg" + alias + ".kyodo.invalid").add("verified", false)))
                .build();
        try (Response r = call("POST", admin().path("organizations"), org)) {
            if (r.getStatus() != 201 && r.getStatus() != 409) {
                throw new IdentityProviderException("create organization " + alias, r.getStatus(),
                        r.hasEntity() ? r.readEntity(String.class) : "");
            }
        }
        return findOrganization(alias).orElseThrow(() -> new IdentityProviderException("organization vanished", 404, alias));
    }

    public void setOrganizationEnabled(String orgId, boolean enabled) {
        JsonObject org = expect("read organization", call("GET", admin().path("organizations").path(orgId), null), 200)
                .asJsonObject();
        JsonObject changed = Json.createObjectBuilder(org).add("enabled", enabled).build();
        expect("update organization", call("PUT", admin().path("organizations").path(orgId), changed), 204, 200);
    }

    /**
     * Sets (adds or replaces) single-valued attributes of an organization, keeping the others (such as
     * {@code lgCode}). The sign-in theme reads {@code displayName}, {@code primaryColor} and {@code logoUrl}; an
     * empty value removes the attribute.
     */
    public void setOrganizationAttributes(String orgId, Map<String, String> changes) {
        JsonObject org = expect("read organization", call("GET", admin().path("organizations").path(orgId), null), 200)
                .asJsonObject();
        var attrs = Json.createObjectBuilder(org.containsKey("attributes") && !org.isNull("attributes")
                ? org.getJsonObject("attributes") : JsonValue.EMPTY_JSON_OBJECT);
        changes.forEach((k, v) -> {
            if (v == null || v.isBlank()) {
                attrs.remove(k);
            } else {
                attrs.add(k, Json.createArrayBuilder().add(v));
            }
        });
        JsonObject changed = Json.createObjectBuilder(org).add("attributes", attrs).build();
        expect("update organization", call("PUT", admin().path("organizations").path(orgId), changed), 204, 200);
    }

    public void deleteOrganization(String orgId) {
        expect("delete organization", call("DELETE", admin().path("organizations").path(orgId), null), 204, 404);
    }

    public List<User> members(String orgId) {
        JsonArray arr = expect("list members", call("GET", admin().path("organizations").path(orgId).path("members")
                .queryParam("max", 10000), null), 200).asJsonArray();
        return arr.stream().map(JsonValue::asJsonObject).map(KeycloakAdmin::user).toList();
    }

    /** The ids of the organizations (cities) a user belongs to. */
    public List<String> organizationsOf(String userId) {
        JsonArray arr = expect("organizations of user", call("GET", admin().path("organizations/members").path(userId)
                .path("organizations"), null), 200).asJsonArray();
        return arr.stream().map(JsonValue::asJsonObject).map(o -> o.getString("id")).toList();
    }

    /** The aliases (city codes) of the organizations a user belongs to. */
    public List<String> organizationAliasesOf(String userId) {
        JsonArray arr = expect("organizations of user", call("GET", admin().path("organizations/members").path(userId)
                .path("organizations"), null), 200).asJsonArray();
        return arr.stream().map(JsonValue::asJsonObject).map(o -> o.getString("alias", "")).toList();
    }

    /** Takes a user out of one organization (city); the user and their other memberships stay. */
    public void removeMember(String orgId, String userId) {
        expect("remove member", call("DELETE", admin().path("organizations").path(orgId).path("members").path(userId),
                null), 204, 404);
    }

    public void addMember(String orgId, String userId) {
        expect("add member", call("POST", admin().path("organizations").path(orgId).path("members"),
                Json.createValue(userId)), 201, 204, 409);
    }

    // ---- users -----------------------------------------------------------------------------

    public Optional<User> findUser(String username) {
        JsonArray arr = expect("find user", call("GET", admin().path("users").queryParam("username", username)
                .queryParam("exact", true), null), 200).asJsonArray();
        return arr.stream().map(JsonValue::asJsonObject).filter(u -> username.equalsIgnoreCase(u.getString("username", "")))
                .map(KeycloakAdmin::user).findFirst();
    }

    /**
     * Creates a user with a password (temporary = must change at first login) and an e-mail address that the person
     * who typed it (a city administrator, the vendor at onboarding) vouches for. Returns the id.
     */
    public String createUser(String username, String email, String firstName, String lastName, String password,
                             boolean temporary) {
        return createUser(username, email, firstName, lastName, password, temporary, email != null);
    }

    /**
     * Creates a user. An e-mail address nobody vouches for ({@code emailVerified} false: it came from a file) is stored
     * unverified, and Keycloak asks the person to confirm it ({@code VERIFY_EMAIL}) before the account can be used.
     */
    public String createUser(String username, String email, String firstName, String lastName, String password,
                             boolean temporary, boolean emailVerified) {
        JsonObjectBuilder u = Json.createObjectBuilder().add("username", username).add("enabled", true)
                .add("emailVerified", email != null && emailVerified).add("firstName", firstName).add("lastName", lastName);
        if (email != null && !emailVerified) {
            u.add("requiredActions", Json.createArrayBuilder().add("VERIFY_EMAIL"));
        }
        if (email != null) {
            u.add("email", email);
        }
        if (password != null) {
            u.add("credentials", Json.createArrayBuilder().add(Json.createObjectBuilder().add("type", "password")
                    .add("value", password).add("temporary", temporary)));
        }
        try (Response r = call("POST", admin().path("users"), u.build())) {
            if (r.getStatus() == 409) {
                throw new jp.kyodo.tenant.problem.ProblemException(409, "user-exists", "そのユーザー名は使われています",
                        "Username or e-mail already in use", username);
            }
            if (r.getStatus() != 201) {
                throw new IdentityProviderException("create user " + username, r.getStatus(),
                        r.hasEntity() ? r.readEntity(String.class) : "");
            }
            String location = r.getHeaderString("Location");
            return location.substring(location.lastIndexOf('/') + 1);
        }
    }

    public void deleteUser(String userId) {
        expect("delete user", call("DELETE", admin().path("users").path(userId), null), 204, 404);
    }

    /** The user with this e-mail address, if any (Keycloak keeps e-mail addresses unique in the realm). */
    public Optional<User> findUserByEmail(String email) {
        JsonArray arr = expect("find user", call("GET", admin().path("users").queryParam("email", email)
                .queryParam("exact", true), null), 200).asJsonArray();
        return arr.stream().map(JsonValue::asJsonObject).filter(u -> email.equalsIgnoreCase(u.getString("email", "")))
                .map(KeycloakAdmin::user).findFirst();
    }

    /** True when the user exists and is enabled (a deleted or disabled account is not). */
    public boolean isActive(String userId) {
        return userById(userId).map(u -> u.getBoolean("enabled", false)).orElse(false);
    }

    /** True when Keycloak has the user (enabled or not). */
    public boolean exists(String userId) {
        return userById(userId).isPresent();
    }

    private Optional<JsonObject> userById(String userId) {
        try (Response r = call("GET", admin().path("users").path(userId), null)) {
            if (r.getStatus() == 404) {
                return Optional.empty();
            }
            String body = r.hasEntity() ? r.readEntity(String.class) : "";
            if (r.getStatus() != 200) {
                throw new IdentityProviderException("read user", r.getStatus(), body);
            }
            return Optional.of(parse(body).asJsonObject());
        }
    }

    /** The user with this id, if Keycloak has it. */
    public Optional<User> user(String userId) {
        return userById(userId).map(KeycloakAdmin::user);
    }

    /**
     * The identity providers the user's account is linked to (e.g. {@code gbizid}): the aliases of its federated
     * identities. An account created by a GビズID sign-in has exactly that one.
     */
    public List<String> identityProvidersOf(String userId) {
        JsonArray arr = expect("federated identities of user", call("GET", admin().path("users").path(userId)
                .path("federated-identity"), null), 200).asJsonArray();
        return arr.stream().map(JsonValue::asJsonObject).map(o -> o.getString("identityProvider", "")).toList();
    }

    /** The realm roles mapped directly to the user (platform roles such as {@code vendor}). */
    public List<String> realmRolesOf(String userId) {
        JsonArray arr = expect("realm roles of user", call("GET", admin().path("users").path(userId)
                .path("role-mappings/realm"), null), 200).asJsonArray();
        return arr.stream().map(JsonValue::asJsonObject).map(o -> o.getString("name", "")).toList();
    }

    /** Adds a required action (e.g. {@code CONFIGURE_TOTP}) that Keycloak runs at the user's next sign-in. */
    public void requireAction(String userId, String action) {
        JsonObject user = expect("read user", call("GET", admin().path("users").path(userId), null), 200).asJsonObject();
        var actions = Json.createArrayBuilder();
        boolean present = false;
        if (user.containsKey("requiredActions") && !user.isNull("requiredActions")) {
            for (JsonValue a : user.getJsonArray("requiredActions")) {
                actions.add(a);
                present |= a instanceof jakarta.json.JsonString js && js.getString().equals(action);
            }
        }
        if (!present) {
            actions.add(action);
            expect("update user", call("PUT", admin().path("users").path(userId),
                    Json.createObjectBuilder().add("requiredActions", actions).build()), 204);
        }
    }

    /** Ends every Keycloak session of the user (their next token refresh or silent sign-in fails). */
    public void logoutSessions(String userId) {
        expect("log out user", call("POST", admin().path("users").path(userId).path("logout"), null), 204, 404);
    }

    /**
     * Gives a realm role. Only platform roles ({@link CityRoles#PLATFORM_ROLES}) are realm roles; a city role is the
     * role of the person's {@code city_member} row in that city, so a city role given here would be ignored by the
     * filters: for a city role this does nothing (kept for callers that still pass one).
     */
    public void assignRealmRole(String userId, String role) {
        if (CityRoles.CITY_ROLES.contains(role)) {
            return;
        }
        JsonObject rep = expect("read role " + role, call("GET", admin().path("roles").path(role), null), 200)
                .asJsonObject();
        expect("assign role", call("POST", admin().path("users").path(userId).path("role-mappings/realm"),
                Json.createArrayBuilder().add(rep).build()), 204);
    }

    /** An authenticator app registered for two-step sign-in (Keycloak's "otp" credential). */
    public record AuthenticatorApp(String id, String label, Instant registeredAt) {
    }

    /** The user's authenticator apps (none when two-step sign-in is off). */
    public List<AuthenticatorApp> authenticatorApps(String userId) {
        JsonArray arr = expect("read credentials", call("GET", admin().path("users").path(userId).path("credentials"), null),
                200).asJsonArray();
        return arr.stream().map(JsonValue::asJsonObject).filter(c -> "otp".equals(c.getString("type", "")))
                .map(c -> new AuthenticatorApp(c.getString("id"), c.getString("userLabel", ""),
                        c.containsKey("createdDate") ? Instant.ofEpochMilli(c.getJsonNumber("createdDate").longValue()) : null))
                .toList();
    }

    /** Removes one of the user's authenticator apps; false when the user has no such app (nothing else is removed). */
    public boolean removeAuthenticatorApp(String userId, String credentialId) {
        if (authenticatorApps(userId).stream().noneMatch(a -> a.id().equals(credentialId))) {
            return false;
        }
        expect("remove credential", call("DELETE", admin().path("users").path(userId).path("credentials").path(credentialId),
                null), 204, 404);
        return true;
    }

    private static User user(JsonObject o) {
        return new User(o.getString("id"), o.getString("username", null), o.getString("email", null),
                o.getString("firstName", null), o.getString("lastName", null));
    }
}
