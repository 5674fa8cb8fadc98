package jp.kyodo.deploy.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import jakarta.security.enterprise.authentication.mechanism.http.OpenIdAuthenticationMechanismDefinition;
import jakarta.security.enterprise.authentication.mechanism.http.openid.ClaimsDefinition;
import jakarta.security.enterprise.authentication.mechanism.http.openid.LogoutDefinition;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Browser sign-in with Keycloak (OpenID Connect, authorization code flow) for every page: the
 * standard Jakarta Security mechanism. The scope asked for names the city of the page
 * ({@code organization:<code>}), so a person who belongs to two cities signs in to the one they
 * are visiting; the pages still check the claim, because Keycloak drops that scope for non-members.
 */
@ApplicationScoped
@Named("kyodoSignIn")
@OpenIdAuthenticationMechanismDefinition(
        providerURI = "#{kyodoSignIn.issuer}",
        clientId = "kyodo-web",
        clientSecret = "#{kyodoSignIn.clientSecret}",
        redirectURI = "${baseURL}/callback",
        scopeExpression = "#{signInScope.scopes}",
        // a page may ask Keycloak for an action during a sign-in it starts (set up an authenticator app)
        extraParametersExpression = "#{signInScope.extraParameters}",
        redirectToOriginalResource = true,
        useSession = true,
        // Liberty's default is 500 ms to fetch Keycloak's signing keys; a busy Keycloak (a sign-in burst, a
        // loaded machine) answers slower and every callback then fails with 401: wait as long as a person would
        jwksConnectTimeoutExpression = "#{kyodoSignIn.keysTimeoutMillis}",
        jwksReadTimeoutExpression = "#{kyodoSignIn.keysTimeoutMillis}",
        claimsDefinition = @ClaimsDefinition(callerNameClaim = "preferred_username", callerGroupsClaim = "groups"),
        // sign-out (portal's POST /logout) ends the session here and then sends the browser to Keycloak's
        // end-session endpoint with the ID token, which ends the SSO session too (RP-initiated logout)
        logout = @LogoutDefinition(notifyProvider = false))
public class WebSignIn {

    // Liberty's mechanism evaluates these expressions on every request, signed in or not (it rebuilds its view of this
    // annotation per request), so the values are read from the configuration once, not on each evaluation
    private final String issuer;
    private final String clientSecret;
    private final int keysTimeoutMillis;

    public WebSignIn() {
        var c = ConfigProvider.getConfig();
        issuer = c.getOptionalValue("kyodo.keycloak.url", String.class).orElse("http://localhost:8180") + "/realms/"
                + c.getOptionalValue("kyodo.keycloak.realm", String.class).orElse("kyodo");
        clientSecret = c.getOptionalValue("kyodo.web.client.secret", String.class).orElse("kyodo-web-dev-secret");
        keysTimeoutMillis = c.getOptionalValue("kyodo.keycloak.keys-timeout-ms", Integer.class).orElse(5000);
    }

    public String getIssuer() {
        return issuer;
    }

    /** How long to wait for Keycloak's signing keys ({@code kyodo.keycloak.keys-timeout-ms}, default 5 s). */
    public int getKeysTimeoutMillis() {
        return keysTimeoutMillis;
    }

    public String getClientSecret() {
        return clientSecret;
    }
}
