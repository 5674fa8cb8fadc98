package jp.kyodo.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GビズID brokered by Keycloak (identity provider {@code gbizid}), set on every start of the development stack through
 * the admin REST API, so a realm imported earlier gets it too and the simulator's port can change between runs. The
 * production realm is set up the same way by its operator (docs/integration.md "GビズID"); this class is the reference.
 *
 * <ul>
 *   <li>a first-broker-login flow {@value #FLOW} that only <em>creates</em> an account: "Create User If Unique", else
 *       "Deny access" with a readable message. Keycloak's default flow would offer to link the GビズID to an existing
 *       account with the same e-mail address; Kyodo never adopts an existing account (issue #10);</li>
 *   <li>the identity provider: OpenID Connect, {@code client_secret_basic}, signature checked against the JWKS,
 *       userinfo on, scopes {@code openid profile user email}, PKCE S256, attributes refreshed at every sign-in;</li>
 *   <li>its mappers: the user name {@code gbiz.<sub>} (never one a person could already hold), the business name as
 *       last name and the person's name as first name, and the business attributes (account_type, corp_type,
 *       corporate_number, name, address) as <em>session notes</em> — taken from GビズID at each sign-in and never
 *       editable by the person in Keycloak's account console (user attributes would be);</li>
 *   <li>protocol mappers on the {@code kyodo-web} client putting those notes, and the identity provider of the sign-in,
 *       into its tokens as {@code gbiz_*} and {@code kyodo_idp} claims.</li>
 * </ul>
 *
 * <p>Settings: {@code KYODO_GBIZID_URL} (the issuer, default {@code http://127.0.0.1:<KYODO_SIM_GBIZID_PORT
 * 7065>/oauth/}: the simulator), {@code KYODO_GBIZID_CLIENT_ID} ({@code kyodo}), {@code KYODO_GBIZID_CLIENT_SECRET}
 * ({@code sim-gbizid-secret}, the simulator's).
 */
final class GbizIdBroker {

    static final String ALIAS = "gbizid";
    static final String FLOW = "kyodo-first-broker-login";
    /** The business attributes (userinfo claims of scope profile) carried as session notes and token claims. */
    static final List<String> CLAIMS = List.of("account_type", "corp_type", "corporate_number", "name", "prefecture_name",
            "address1", "address2");

    private final HttpClient http;
    private final String admin;
    private final String token;

    GbizIdBroker(HttpClient http, DevStackConfig config, String token) {
        this.http = http;
        this.admin = config.keycloakUrl() + "/admin/realms/" + config.keycloakRealm();
        this.token = token;
    }

    static String issuer() {
        String url = System.getenv("KYODO_GBIZID_URL");
        if (url != null && !url.isBlank()) {
            return url.strip();
        }
        String port = System.getenv("KYODO_SIM_GBIZID_PORT");
        return "http://127.0.0.1:" + (port == null || port.isBlank() ? "7065" : port.strip()) + "/oauth/";
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v.strip();
    }

    void apply() throws IOException, InterruptedException {
        flow();
        provider();
        clientMappers();
    }

    private void flow() throws IOException, InterruptedException {
        if (call("GET", "/authentication/flows", null).body().contains("\"alias\":\"" + FLOW + "\"")) {
            return;
        }
        expect(call("POST", "/authentication/flows", "{\"alias\":\"" + FLOW + "\",\"description\":\"Kyodo: a brokered"
                + " sign-in creates a new account; it never links to an existing one\",\"providerId\":\"basic-flow\","
                + "\"topLevel\":true,\"builtIn\":false}"), "create flow");
        String path = "/authentication/flows/" + FLOW + "/executions";
        expect(call("POST", path + "/execution", "{\"provider\":\"idp-create-user-if-unique\"}"), "add create-user");
        expect(call("POST", path + "/execution", "{\"provider\":\"deny-access-authenticator\"}"), "add deny-access");
        String list = call("GET", path, null).body();
        Matcher m = Pattern.compile("\\{[^{}]*}").matcher(list);
        while (m.find()) {
            String execution = m.group();
            Matcher id = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"").matcher(execution);
            if (!id.find()) {
                continue;
            }
            // the execution as Keycloak lists it (priority and all), with its requirement changed
            expect(call("PUT", path, execution.replaceFirst("\"requirement\"\\s*:\\s*\"[A-Z]+\"",
                    "\"requirement\":\"ALTERNATIVE\"")), "requirement");
            if (execution.contains("\"deny-access-authenticator\"")) {
                expect(call("POST", "/authentication/executions/" + id.group(1) + "/config",
                        "{\"alias\":\"kyodo-broker-account-exists\",\"config\":{\"denyErrorMessage\":\"kyodoBrokerAccountExists\"}}"),
                        "deny message");
            }
        }
    }

    private void provider() throws IOException, InterruptedException {
        String iss = issuer();
        String base = iss.endsWith("/") ? iss : iss + "/";
        String rep = "{\"alias\":\"" + ALIAS + "\",\"displayName\":\"GビズID\",\"providerId\":\"oidc\",\"enabled\":true,"
                + "\"trustEmail\":true,\"storeToken\":false,\"addReadTokenRoleOnCreate\":false,\"linkOnly\":false,"
                + "\"hideOnLogin\":false,\"firstBrokerLoginFlowAlias\":\"" + FLOW + "\",\"config\":{"
                + "\"issuer\":" + q(iss) + ",\"authorizationUrl\":" + q(base + "authorize") + ",\"tokenUrl\":"
                + q(base + "token") + ",\"userInfoUrl\":" + q(base + "userinfo") + ",\"jwksUrl\":" + q(base + "jwks")
                + ",\"useJwksUrl\":\"true\",\"validateSignature\":\"true\",\"clientAuthMethod\":\"client_secret_basic\","
                + "\"clientId\":" + q(env("KYODO_GBIZID_CLIENT_ID", "kyodo")) + ",\"clientSecret\":"
                + q(env("KYODO_GBIZID_CLIENT_SECRET", "sim-gbizid-secret")) + ",\"defaultScope\":\"openid profile user email\","
                + "\"pkceEnabled\":\"true\",\"pkceMethod\":\"S256\",\"disableUserInfo\":\"false\",\"syncMode\":\"FORCE\","
                + "\"backchannelSupported\":\"false\",\"loginHint\":\"false\",\"guiOrder\":\"1\"}}";
        String path = "/identity-provider/instances/" + ALIAS;
        if (call("GET", path, null).statusCode() == 404) {
            expect(call("POST", "/identity-provider/instances", rep), "create identity provider");
        } else {
            expect(call("PUT", path, rep), "update identity provider");
        }
        String mappers = call("GET", path + "/mappers", null).body();
        mapper(mappers, "user name gbiz.<sub>", "oidc-username-idp-mapper", "\"template\":\"gbiz.${CLAIM.sub}\","
                + "\"target\":\"LOCAL\"");
        mapper(mappers, "business name as last name", "oidc-user-attribute-idp-mapper",
                "\"claim\":\"name\",\"user.attribute\":\"lastName\"");
        mapper(mappers, "person's name as first name", "oidc-user-attribute-idp-mapper",
                "\"claim\":\"user_name\",\"user.attribute\":\"firstName\"");
        StringBuilder claims = new StringBuilder("[");
        for (String c : CLAIMS) {
            claims.append(claims.length() > 1 ? "," : "").append("{\\\"key\\\":\\\"").append(c).append("\\\",\\\"value\\\":\\\".*\\\"}");
        }
        mapper(mappers, "business attributes as session notes", "oidc-user-session-note-idp-mapper",
                "\"claims\":\"" + claims.append(']') + "\",\"are.claim.values.regex\":\"true\"");
    }

    private void mapper(String existing, String name, String type, String config) throws IOException, InterruptedException {
        if (existing.contains("\"name\":\"" + name + "\"")) {
            return;
        }
        expect(call("POST", "/identity-provider/instances/" + ALIAS + "/mappers", "{\"name\":" + q(name)
                + ",\"identityProviderAlias\":\"" + ALIAS + "\",\"identityProviderMapper\":\"" + type + "\",\"config\":{"
                + config + ",\"syncMode\":\"FORCE\"}}"), "mapper " + name);
    }

    private void clientMappers() throws IOException, InterruptedException {
        String clients = call("GET", "/clients?clientId=kyodo-web", null).body();
        Matcher m = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"").matcher(clients);
        if (!m.find()) {
            throw new DevStackException("client kyodo-web not found in the realm");
        }
        String path = "/clients/" + m.group(1) + "/protocol-mappers/models";
        String existing = call("GET", path, null).body();
        for (String c : CLAIMS) {
            noteMapper(path, existing, c, "gbiz_" + c);
        }
        noteMapper(path, existing, "identity_provider", "kyodo_idp");
    }

    private void noteMapper(String path, String existing, String note, String claim) throws IOException, InterruptedException {
        if (existing.contains("\"name\":\"" + claim + "\"")) {
            return;
        }
        expect(call("POST", path, "{\"name\":" + q(claim) + ",\"protocol\":\"openid-connect\",\"protocolMapper\":"
                + "\"oidc-usersessionmodel-note-mapper\",\"config\":{\"user.session.note\":" + q(note) + ",\"claim.name\":"
                + q(claim) + ",\"jsonType.label\":\"String\",\"id.token.claim\":\"true\",\"access.token.claim\":\"true\","
                + "\"userinfo.token.claim\":\"true\",\"introspection.token.claim\":\"true\"}}"), "client mapper " + claim);
    }

    private HttpResponse<String> call(String method, String path, String json) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(admin + path)).header("Authorization", "Bearer " + token);
        if (json != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void expect(HttpResponse<String> r, String what) {
        if (r.statusCode() / 100 != 2) {
            throw new DevStackException("Keycloak: GビズID broker set-up failed at '" + what + "' (" + r.statusCode() + "): "
                    + r.body());
        }
    }

    private static String q(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
