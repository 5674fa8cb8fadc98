package jp.kyodo.deploy.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.security.enterprise.authentication.mechanism.http.AuthenticationParameters;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.authentication.mechanism.http.OpenIdAuthenticationMechanismDefinition;
import jakarta.security.enterprise.authentication.mechanism.http.openid.LogoutDefinition;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.lang.reflect.Proxy;
import java.security.Principal;
import java.util.Map;
import java.util.Set;
import jp.kyodo.deploy.web.WebSignInShortcut.Route;
import org.junit.jupiter.api.Test;

/**
 * Which requests the page sign-in answers without Liberty's OpenID Connect mechanism (WebSignInShortcut): only an
 * anonymous request for a page that needs no sign-in, and a caller this server already signed in whose page session
 * holds the sign-in. Sign-in start, Keycloak's answer, a new authentication and a caller without its page session stay
 * Liberty's.
 */
class WebSignInShortcutTest {

    static final SignedInClaims.SessionSignIn SIGN_IN = new SignedInClaims.SessionSignIn("h", "taro", "sub", "太郎",
            Set.of("282022"), Set.of(), "id-token", null, null);

    record Request(boolean signedIn, Map<String, Object> session, String state, boolean isProtected,
                   boolean authenticate, boolean newAuthentication) {
    }

    static Route route(Request r) {
        HttpSession session = r.session == null ? null : (HttpSession) Proxy.newProxyInstance(
                WebSignInShortcutTest.class.getClassLoader(), new Class<?>[] {HttpSession.class}, (p, m, a) -> switch (m.getName()) {
                    case "getAttribute" -> r.session.get((String) a[0]);
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        Principal principal = () -> "taro";
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(WebSignInShortcutTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (p, m, a) -> switch (m.getName()) {
                    case "getParameter" -> WebSignInShortcut.STATE.equals(a[0]) ? r.state : null;
                    case "getUserPrincipal" -> r.signedIn ? principal : null;
                    case "getSession" -> Boolean.FALSE.equals(a[0]) ? session : unsupported("getSession(true)");
                    default -> unsupported(m.getName());
                });
        HttpMessageContext context = (HttpMessageContext) Proxy.newProxyInstance(WebSignInShortcutTest.class.getClassLoader(),
                new Class<?>[] {HttpMessageContext.class}, (p, m, a) -> switch (m.getName()) {
                    case "getRequest" -> request;
                    case "isProtected" -> r.isProtected;
                    case "isAuthenticationRequest" -> r.authenticate;
                    case "getAuthParameters" -> r.newAuthentication ? AuthenticationParameters.withParams().newAuthentication(true)
                            : r.authenticate ? AuthenticationParameters.withParams() : null;
                    default -> unsupported(m.getName());
                });
        return WebSignInShortcut.route(context);
    }

    static Object unsupported(String what) {
        throw new UnsupportedOperationException(what);
    }

    static final Map<String, Object> SIGNED_IN_SESSION = Map.of(SignedInClaims.SIGN_IN, SIGN_IN);

    @Test
    void anAnonymousRequestForAPublicPageSkipsTheMechanism() {
        assertEquals(Route.ANONYMOUS, route(new Request(false, null, null, false, false, false)));
        // signed in on another server: the page session carries the person (SignedInClaims), Liberty has no caller
        assertEquals(Route.ANONYMOUS, route(new Request(false, SIGNED_IN_SESSION, null, false, false, false)));
    }

    @Test
    void startingASignInIsLibertys() {
        assertEquals(Route.LIBERTY, route(new Request(false, null, null, true, false, false)), "protected resource");
        assertEquals(Route.LIBERTY, route(new Request(false, null, null, false, true, false)), "authenticate()");
        assertEquals(Route.LIBERTY, route(new Request(true, SIGNED_IN_SESSION, null, false, true, true)), "new authentication");
    }

    @Test
    void keycloaksAnswerIsLibertysWhoeverAsks() {
        assertEquals(Route.LIBERTY, route(new Request(false, null, "s", false, false, false)));
        assertEquals(Route.LIBERTY, route(new Request(true, SIGNED_IN_SESSION, "s", false, false, false)));
    }

    @Test
    void aSignedInCallerSkipsTheMechanismOnlyWithThePageSessionOfTheSignIn() {
        assertEquals(Route.SIGNED_IN, route(new Request(true, SIGNED_IN_SESSION, null, false, false, false)));
        assertEquals(Route.SIGNED_IN, route(new Request(true, SIGNED_IN_SESSION, null, true, false, false)));
        // a subject that outlived its page session (signed out elsewhere, expired): Liberty's, then SignedInClaims ends it
        assertEquals(Route.LIBERTY, route(new Request(true, null, null, false, false, false)));
        assertEquals(Route.LIBERTY, route(new Request(true, Map.of(), null, false, false, false)));
        assertEquals(Route.LIBERTY, route(new Request(true, Map.of(SignedInClaims.SIGN_IN, "forged"), null, false, false, false)));
    }

    @OpenIdAuthenticationMechanismDefinition(providerURI = "x", tokenAutoRefresh = true)
    static final class Refreshing {
    }

    @OpenIdAuthenticationMechanismDefinition(providerURI = "x", logout = @LogoutDefinition(accessTokenExpiry = true))
    static final class SignOutOnExpiry {
    }

    @OpenIdAuthenticationMechanismDefinition(providerURI = "x", logout = @LogoutDefinition(identityTokenExpiryExpression = "#{x.y}"))
    static final class SignOutOnExpiryByExpression {
    }

    @Test
    void theShortcutIsOnlyForAConfigurationThatNeverChecksTokens() {
        assertTrue(WebSignInShortcut.ENABLED, "WebSignIn as configured");
        assertFalse(WebSignInShortcut.tokensNeverChecked(Refreshing.class.getAnnotation(OpenIdAuthenticationMechanismDefinition.class)));
        assertFalse(WebSignInShortcut.tokensNeverChecked(SignOutOnExpiry.class.getAnnotation(OpenIdAuthenticationMechanismDefinition.class)));
        assertFalse(WebSignInShortcut.tokensNeverChecked(
                SignOutOnExpiryByExpression.class.getAnnotation(OpenIdAuthenticationMechanismDefinition.class)));
        assertFalse(WebSignInShortcut.tokensNeverChecked(null));
    }
}
