package jp.kyodo.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What setting up an identity provider in Keycloak through the admin REST API takes, shared by {@link GbizIdBroker}
 * and {@link DigitalAuthBroker}: the calls, the identity provider itself (created or updated), its mappers and the
 * {@code kyodo-web} client's session-note mappers (each added once, by name).
 */
abstract class BrokerSetUp {

    private final HttpClient http;
    private final String admin;
    private final String token;
    private final String alias;

    BrokerSetUp(HttpClient http, DevStackConfig config, String token, String alias) {
        this.http = http;
        this.admin = config.keycloakUrl() + "/admin/realms/" + config.keycloakRealm();
        this.token = token;
        this.alias = alias;
    }

    static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v.strip();
    }

    /** Creates the identity provider, or updates it to this representation; returns its mappers' listing. */
    String provider(String representation) throws IOException, InterruptedException {
        String path = "/identity-provider/instances/" + alias;
        if (call("GET", path, null).statusCode() == 404) {
            expect(call("POST", "/identity-provider/instances", representation), "create identity provider");
        } else {
            expect(call("PUT", path, representation), "update identity provider");
        }
        return call("GET", path + "/mappers", null).body();
    }

    /** An identity-provider mapper (once, by name) applied at every sign-in ({@code FORCE}). */
    void mapper(String existing, String name, String type, String config) throws IOException, InterruptedException {
        mapper(existing, name, type, config, "FORCE");
    }

    /** An identity-provider mapper (once, by name); {@code IMPORT}: only when the account is created. */
    void mapper(String existing, String name, String type, String config, String syncMode)
            throws IOException, InterruptedException {
        if (existing.contains("\"name\":\"" + name + "\"")) {
            return;
        }
        expect(call("POST", "/identity-provider/instances/" + alias + "/mappers", "{\"name\":" + q(name)
                + ",\"identityProviderAlias\":\"" + alias + "\",\"identityProviderMapper\":\"" + type + "\",\"config\":{"
                + config + ",\"syncMode\":\"" + syncMode + "\"}}"), "mapper " + name);
    }

    /** Removes a mapper of an earlier version of these settings (by name), if present. */
    void removeMapper(String existing, String name) throws IOException, InterruptedException {
        Matcher m = Pattern.compile("\\{[^{}]*\"name\"\\s*:\\s*\"" + Pattern.quote(name) + "\"[^{}]*").matcher(existing);
        if (!m.find()) {
            return;
        }
        Matcher id = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"").matcher(m.group());
        if (id.find()) {
            expect(call("DELETE", "/identity-provider/instances/" + alias + "/mappers/" + id.group(1), null),
                    "remove mapper " + name);
        }
    }

    /** The config of an {@code oidc-user-session-note-idp-mapper} copying each of these claims into a session note. */
    static String sessionNotes(java.util.List<String> claims) {
        StringBuilder list = new StringBuilder("[");
        for (String c : claims) {
            list.append(list.length() > 1 ? "," : "").append("{\\\"key\\\":\\\"").append(c)
                    .append("\\\",\\\"value\\\":\\\".*\\\"}");
        }
        return "\"claims\":\"" + list.append(']') + "\",\"are.claim.values.regex\":\"true\"";
    }

    /** The {@code kyodo-web} client's protocol mappers: its path and its current listing. */
    String[] clientMappers() throws IOException, InterruptedException {
        String clients = call("GET", "/clients?clientId=kyodo-web", null).body();
        Matcher m = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"").matcher(clients);
        if (!m.find()) {
            throw new DevStackException("client kyodo-web not found in the realm");
        }
        String path = "/clients/" + m.group(1) + "/protocol-mappers/models";
        return new String[] {path, call("GET", path, null).body()};
    }

    /** A {@code kyodo-web} protocol mapper putting the user session note {@code note} into every token as {@code claim}. */
    void noteMapper(String[] mappers, String note, String claim) throws IOException, InterruptedException {
        if (mappers[1].contains("\"name\":\"" + claim + "\"")) {
            return;
        }
        expect(call("POST", mappers[0], "{\"name\":" + q(claim) + ",\"protocol\":\"openid-connect\",\"protocolMapper\":"
                + "\"oidc-usersessionmodel-note-mapper\",\"config\":{\"user.session.note\":" + q(note) + ",\"claim.name\":"
                + q(claim) + ",\"jsonType.label\":\"String\",\"id.token.claim\":\"true\",\"access.token.claim\":\"true\","
                + "\"userinfo.token.claim\":\"true\",\"introspection.token.claim\":\"true\"}}"), "client mapper " + claim);
    }

    HttpResponse<String> call(String method, String path, String json) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(admin + path)).header("Authorization", "Bearer " + token);
        if (json != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    void expect(HttpResponse<String> r, String what) {
        if (r.statusCode() / 100 != 2) {
            throw new DevStackException("Keycloak: identity provider " + alias + " set-up failed at '" + what + "' ("
                    + r.statusCode() + "): " + r.body());
        }
    }

    static String q(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
