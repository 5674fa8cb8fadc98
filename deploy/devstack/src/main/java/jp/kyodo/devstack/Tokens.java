package jp.kyodo.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Small helpers to obtain tokens from the realm, for scripts, seeders and tests (no JSON library needed).
 * The realm's clients: {@code kyodo-cli} (public, password grant) and {@code kyodo-admin} (client credentials).
 */
public final class Tokens {

    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

    private Tokens() {
    }

    /**
     * Password grant on the public client {@code kyodo-cli}; returns the access token. {@code scope} may be null,
     * e.g. {@code "openid organization:282022"}.
     */
    public static String password(DevStackConfig config, String username, String password, String scope) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", "kyodo-cli");
        form.put("username", username);
        form.put("password", password);
        if (DemoAuthenticator.ACCOUNTS.contains(username)) {
            form.put("totp", DemoAuthenticator.code()); // the platform accounts sign in with a second factor
        }
        if (scope != null && !scope.isBlank()) {
            form.put("scope", scope);
        }
        return accessToken(tokenResponse(config, form));
    }

    /** Client-credentials grant of the application's service account {@code kyodo-admin}; returns the access token. */
    public static String admin(DevStackConfig config) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", "kyodo-admin");
        form.put("client_secret", config.adminClientSecret());
        return accessToken(tokenResponse(config, form));
    }

    /** POSTs a form to the realm's token endpoint; returns the JSON body, or throws with Keycloak's error. */
    public static String tokenResponse(DevStackConfig config, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpRequest req = HttpRequest.newBuilder(URI.create(config.tokenEndpoint()))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> resp = Processes.HTTP.send(req, HttpResponse.BodyHandlers.ofString());
            if (resp.statusCode() != 200) {
                throw new DevStackException("token request to " + config.tokenEndpoint() + " failed: HTTP "
                        + resp.statusCode() + " " + resp.body());
            }
            return resp.body();
        } catch (IOException e) {
            throw new DevStackException("token request to " + config.tokenEndpoint() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevStackException("interrupted", e);
        }
    }

    /** The {@code access_token} of a token response. */
    public static String accessToken(String tokenResponseJson) {
        Matcher m = ACCESS_TOKEN.matcher(tokenResponseJson);
        if (!m.find()) {
            throw new DevStackException("no access_token in " + tokenResponseJson);
        }
        return m.group(1);
    }

    /** The decoded payload (claims JSON) of a JWT; the signature is not checked. */
    public static String payload(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            throw new IllegalArgumentException("not a JWT");
        }
        return new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
