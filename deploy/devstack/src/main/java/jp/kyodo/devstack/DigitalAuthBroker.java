package jp.kyodo.devstack;

import java.io.IOException;
import java.net.http.HttpClient;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The デジタル認証アプリ (sign in with the My Number card) brokered by Keycloak as the identity provider
 * {@value #ALIAS}, set on every start of the development stack and of the integration tests through the admin REST API
 * (like {@link GbizIdBroker}); the production realm gets the same settings from its operator (docs/integration.md
 * "マイナンバーカードでサインイン", {@code deploy/keycloak/kyodo-realm-production.json}). This class is the reference.
 *
 * <ul>
 *   <li>an ES256 signing key in the realm ({@code ecdsa-generated}, P-256): Keycloak authenticates to the デジタル認証アプリ
 *       with {@code private_key_jwt}, a client assertion signed with the realm's active ES256 key; the partner checks it
 *       against the realm's published JWKS ({@code …/protocol/openid-connect/certs}). The realm's tokens stay RS256;</li>
 *   <li>a first-broker-login flow {@value #FLOW}, a copy of Keycloak's "first broker login": review the profile, always
 *       (the card gives no e-mail address), create the account if no account has that user name or e-mail address, else
 *       "Confirm link existing account" and "Verify existing account by re-authentication" — the person links the card
 *       only by typing the existing account's password. Linking by an e-mail link and the organization on-boarding
 *       sub-flow are disabled: the card joins a city only through Kyodo's own explicit step, in the city where it happens;</li>
 *   <li>the identity provider: OpenID Connect, PKCE S256, {@code private_key_jwt} (ES256), the ID token's signature
 *       checked against the partner's JWKS, scopes {@code openid name address birthdate gender};</li>
 *   <li>its mappers: the user name {@code card.<sub>} and the name split into 姓 and 名 at its first space (Kyodo's
 *       provider {@code kyodo-japanese-full-name-idp-mapper} from deploy/keycloak; the card gives one {@code name},
 *       family name first, which Keycloak alone would split in Western order), only when an account is created, and
 *       the 基本4情報 and the {@code acr} as <em>session notes</em>, taken from the card at each sign-in and never
 *       editable by the person;</li>
 *   <li>protocol mappers on {@code kyodo-web} putting those notes into its tokens as {@code card_name},
 *       {@code card_address}, {@code card_birthdate}, {@code card_gender}, {@code card_acr} (with {@code kyodo_idp}).</li>
 * </ul>
 *
 * <p>Settings: {@code KYODO_DIGITAL_AUTH_URL} (the issuer, default {@code http://127.0.0.1:<KYODO_SIM_DIGITAL_AUTH_PORT
 * 7066>}: the simulator), {@code KYODO_DIGITAL_AUTH_IDP_CLIENT_ID} (Keycloak's client id there, {@code kyodo-keycloak}).
 */
final class DigitalAuthBroker extends BrokerSetUp {

    static final String ALIAS = "digital-auth";
    static final String FLOW = "kyodo-card-first-broker-login";
    /** Session note (the card's claim) → token claim of {@code kyodo-web}. */
    static final List<String[]> NOTES = List.of(new String[] {"name", "card_name"},
            new String[] {"address.formatted", "card_address"}, new String[] {"birthdate", "card_birthdate"},
            new String[] {"gender", "card_gender"}, new String[] {"acr", "card_acr"});

    DigitalAuthBroker(HttpClient http, DevStackConfig config, String token) {
        super(http, config, token, ALIAS);
    }

    static String issuer() {
        String url = System.getenv("KYODO_DIGITAL_AUTH_URL");
        if (url != null && !url.isBlank()) {
            return url.strip().replaceAll("/+$", "");
        }
        return "http://127.0.0.1:" + env("KYODO_SIM_DIGITAL_AUTH_PORT", "7066");
    }

    void apply() throws IOException, InterruptedException {
        signingKey();
        flow();
        userNameOnlyForAdministrators();
        familyNameFirst();
        provider();
        tokenClaims();
    }

    private void signingKey() throws IOException, InterruptedException {
        if (call("GET", "/keys", null).body().contains("\"algorithm\":\"ES256\"")) {
            return;
        }
        Matcher id = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"").matcher(call("GET", "", null).body());
        if (!id.find()) {
            throw new DevStackException("Keycloak: the realm's id not found");
        }
        expect(call("POST", "/components", "{\"name\":\"kyodo-es256\",\"providerId\":\"ecdsa-generated\","
                + "\"providerType\":\"org.keycloak.keys.KeyProvider\",\"parentId\":" + q(id.group(1)) + ",\"config\":{"
                + "\"priority\":[\"100\"],\"enabled\":[\"true\"],\"active\":[\"true\"],\"ecdsaEllipticCurveKey\":[\"P-256\"]}}"),
                "ES256 key");
    }

    private void flow() throws IOException, InterruptedException {
        if (!call("GET", "/authentication/flows", null).body().contains("\"alias\":\"" + FLOW + "\"")) {
            expect(call("POST", "/authentication/flows/first%20broker%20login/copy", "{\"newName\":\"" + FLOW + "\"}"),
                    "copy first broker login");
        }
        String path = "/authentication/flows/" + FLOW + "/executions";
        Matcher m = Pattern.compile("\\{[^{}]*}").matcher(call("GET", path, null).body());
        while (m.find()) {
            String execution = m.group();
            // the e-mail link as a way to link, and the organization sub-flow (as a whole: a conditional sub-flow left
            // with nothing to run fails the sign-in) are off; an organization member onboarded by the flow is never
            // wanted, Kyodo joins a city only by its own explicit step
            boolean emailLink = execution.contains("\"providerId\":\"idp-email-verification\"");
            boolean organizations = execution.matches("(?s).*\"authenticationFlow\"\\s*:\\s*true.*")
                    && execution.matches("(?s).*\"displayName\"\\s*:\\s*\"[^\"]*Organization[^\"]*\".*");
            if ((emailLink || organizations) && !execution.contains("\"requirement\":\"DISABLED\"")) {
                expect(call("PUT", path, execution.replaceFirst("\"requirement\"\\s*:\\s*\"[A-Z]+\"",
                        "\"requirement\":\"DISABLED\"")), "disable " + execution);
            }
            Matcher config = Pattern.compile("\"authenticationConfig\"\\s*:\\s*\"([^\"]+)\"").matcher(execution);
            if (execution.contains("\"providerId\":\"idp-review-profile\"") && config.find()) {
                // always show the review: the card gives no e-mail address, and the person sees what the account gets
                String path2 = "/authentication/config/" + config.group(1);
                expect(call("PUT", path2, call("GET", path2, null).body().replaceFirst(
                        "\"update.profile.on.first.login\"\\s*:\\s*\"[a-z]+\"", "\"update.profile.on.first.login\":\"on\"")),
                        "review profile");
            }
        }
    }

    /**
     * The realm's user profile: the user name is seen and changed only by administrators (Keycloak's permissions of the
     * attribute {@code username}: view and edit {@code admin}). The person's own forms — above all the review of a new
     * account made from the card, which would otherwise show {@code card.<sub>} as an editable field — leave it out; the
     * account keeps the name the mapper gave it, unique and stable (the app's pairwise {@code sub}). People sign in
     * with their e-mail address or their card, never with a technical name.
     */
    private void userNameOnlyForAdministrators() throws IOException, InterruptedException {
        String profile = call("GET", "/users/profile", null).body();
        Matcher username = Pattern.compile("\"name\"\\s*:\\s*\"username\"").matcher(profile);
        Matcher permissions = Pattern.compile("\"permissions\"\\s*:\\s*\\{").matcher(profile);
        if (!username.find() || !permissions.find(username.end())
                || profile.substring(username.end(), permissions.start()).matches("(?s).*\"name\"\\s*:.*")) {
            throw new DevStackException("Keycloak: the user profile's attribute username has no permissions: " + profile);
        }
        int end = profile.indexOf('}', permissions.end()); // {"view":[…],"edit":[…]}: no object inside
        String adminOnly = "\"permissions\":{\"view\":[\"admin\"],\"edit\":[\"admin\"]}";
        if (!profile.substring(permissions.start(), end + 1).replaceAll("\\s", "").equals(adminOnly)) {
            expect(call("PUT", "/users/profile", profile.substring(0, permissions.start()) + adminOnly
                    + profile.substring(end + 1)), "user name only for administrators");
        }
    }

    /**
     * The realm's user profile asks for 姓 before 名, as Japanese forms do (the card's review, registration, the
     * account page): Keycloak shows the attributes in the profile's order, which is {@code firstName} before
     * {@code lastName} by default.
     */
    private void familyNameFirst() throws IOException, InterruptedException {
        String profile = call("GET", "/users/profile", null).body();
        String reordered = familyNameFirst(profile);
        if (!reordered.equals(profile)) {
            expect(call("PUT", "/users/profile", reordered), "姓 before 名");
        }
    }

    /** The user-profile configuration with the attribute {@code lastName} moved before {@code firstName}; else unchanged. */
    static String familyNameFirst(String profile) {
        Matcher attributes = Pattern.compile("\"attributes\"\\s*:\\s*\\[").matcher(profile);
        if (!attributes.find()) {
            return profile;
        }
        java.util.List<int[]> objects = new java.util.ArrayList<>();
        int i = attributes.end();
        while (i < profile.length()) {
            char c = profile.charAt(i);
            if (c == ']') {
                break;
            }
            if (c == '{') {
                int end = endOfObject(profile, i);
                objects.add(new int[] {i, end});
                i = end;
            } else {
                i++;
            }
        }
        int first = -1;
        int last = -1;
        for (int k = 0; k < objects.size(); k++) {
            String o = profile.substring(objects.get(k)[0], objects.get(k)[1]);
            if (first < 0 && o.matches("(?s)\\{\\s*\"name\"\\s*:\\s*\"firstName\".*")) {
                first = k;
            } else if (last < 0 && o.matches("(?s)\\{\\s*\"name\"\\s*:\\s*\"lastName\".*")) {
                last = k;
            }
        }
        if (first < 0 || last < 0 || last < first) {
            return profile;
        }
        int[] f = objects.get(first);
        int[] l = objects.get(last);
        return profile.substring(0, f[0]) + profile.substring(l[0], l[1]) + profile.substring(f[1], l[0])
                + profile.substring(f[0], f[1]) + profile.substring(l[1]);
    }

    /** The index after the JSON object that starts at {@code start} (strings, with their braces and escapes, skipped). */
    private static int endOfObject(String s, int start) {
        int depth = 0;
        boolean inString = false;
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i + 1;
            }
        }
        throw new DevStackException("Keycloak: the user profile is not valid JSON: " + s);
    }

    private void provider() throws IOException, InterruptedException {
        String iss = issuer();
        String rep = "{\"alias\":\"" + ALIAS + "\",\"displayName\":\"マイナンバーカード\",\"providerId\":\"oidc\","
                + "\"enabled\":true,\"trustEmail\":false,\"storeToken\":false,\"addReadTokenRoleOnCreate\":false,"
                + "\"linkOnly\":false,\"hideOnLogin\":false,\"firstBrokerLoginFlowAlias\":\"" + FLOW + "\",\"config\":{"
                + "\"issuer\":" + q(iss) + ",\"authorizationUrl\":" + q(iss + "/authorize") + ",\"tokenUrl\":"
                + q(iss + "/token") + ",\"userInfoUrl\":" + q(iss + "/userinfo") + ",\"jwksUrl\":" + q(iss + "/certs")
                + ",\"useJwksUrl\":\"true\",\"validateSignature\":\"true\",\"clientAuthMethod\":\"private_key_jwt\","
                + "\"clientAssertionSigningAlg\":\"ES256\",\"clientId\":"
                + q(env("KYODO_DIGITAL_AUTH_IDP_CLIENT_ID", "kyodo-keycloak"))
                + ",\"defaultScope\":\"openid name address birthdate gender\",\"pkceEnabled\":\"true\","
                + "\"pkceMethod\":\"S256\",\"disableUserInfo\":\"false\",\"syncMode\":\"FORCE\","
                + "\"backchannelSupported\":\"false\",\"loginHint\":\"false\",\"guiOrder\":\"0\"}}";
        String mappers = provider(rep);
        mapper(mappers, "user name card.<sub>", "oidc-username-idp-mapper", "\"template\":\"card.${CLAIM.sub}\","
                + "\"target\":\"LOCAL\"", "IMPORT");
        removeMapper(mappers, "name as last name"); // session 8: the whole name as 姓, and Keycloak's guess as 名
        mapper(mappers, "name as 姓 and 名", "kyodo-japanese-full-name-idp-mapper", "\"claim\":\"name\"", "IMPORT");
        mapper(mappers, "基本4情報 and acr as session notes", "oidc-user-session-note-idp-mapper",
                sessionNotes(NOTES.stream().map(n -> n[0]).toList()));
    }

    private void tokenClaims() throws IOException, InterruptedException {
        String[] mappers = clientMappers();
        for (String[] n : NOTES) {
            noteMapper(mappers, n[0], n[1]);
        }
        noteMapper(mappers, "identity_provider", "kyodo_idp");
    }
}
