package jp.kyodo.deploy.web;

import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import jakarta.security.enterprise.AuthenticationException;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.AuthenticationParameters;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.authentication.mechanism.http.OpenIdAuthenticationMechanismDefinition;
import jakarta.security.enterprise.authentication.mechanism.http.openid.LogoutDefinition;
import jakarta.security.enterprise.identitystore.openid.OpenIdContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Spares the ordinary request Liberty's OpenID Connect mechanism ({@link WebSignIn}), which runs on every request of
 * the web module, signed in or not, and first rebuilds its whole configuration from the annotation (evaluating every
 * expression of it) before it decides that it has nothing to do. A CDI decorator of that mechanism (Liberty allows a
 * decorator beside a mechanism of the annotation, and looks the mechanism up as a CDI bean, so the decorator wraps it):
 * it answers two kinds of request itself, with exactly what Liberty's mechanism would answer for them, and hands every
 * other request to Liberty's mechanism unchanged.
 *
 * <ul>
 * <li><b>Anonymous on a page that needs no sign-in</b> (no caller, not a protected resource, no
 * {@code authenticate()}, no {@code state} parameter): Liberty's answer is "not done"; so is this one.</li>
 * <li><b>Already signed in on this server</b> (Liberty has restored the caller of this page session, the session is
 * there and holds the sign-in ({@link SignedInClaims.SessionSignIn}), the caller has its OpenID context, no
 * {@code state} parameter, no new authentication asked for): Liberty only checks whether the tokens expired, and with
 * this application's configuration (no token refresh, no sign-out on token expiry; checked at start, see
 * {@link #tokensNeverChecked}) its answer is always "not done" with the authentication type {@code JAKARTA_OIDC}; so
 * is this one.</li>
 * </ul>
 *
 * <p>Everything that changes the sign-in stays Liberty's: the start of a sign-in (a protected resource or
 * {@code authenticate()} without a caller), Keycloak's answer ({@code /callback}, any {@code state} parameter), sign-out
 * ({@code cleanSubject}) and a caller without a page session (a subject that outlived its session:
 * {@link SignedInClaims} ends it). What decides whether a page session is signed in at all is unchanged and is not
 * here: the session row in the store on every signed-in request ({@link SessionStoreCheck}), Keycloak's re-check
 * ({@link SessionRecheck}), the city of the sign-in against the page's city, the roles read per request in the city.
 */
@Decorator
@Priority(Interceptor.Priority.APPLICATION)
public abstract class WebSignInShortcut implements HttpAuthenticationMechanism {

    private static final Logger LOG = Logger.getLogger(WebSignInShortcut.class.getName());
    /** The request parameter of an authorization answer: Jakarta Security treats any request with it as a callback. */
    static final String STATE = "state";
    /** What Liberty's mechanism puts into the message info when it finds nothing to do for a signed-in caller. */
    static final String AUTH_TYPE_KEY = "jakarta.servlet.http.authType";
    static final String AUTH_TYPE = "JAKARTA_OIDC";

    /** Whether the configuration lets this decorator answer at all (see {@link #tokensNeverChecked}). */
    static final boolean ENABLED = tokensNeverChecked(WebSignIn.class.getAnnotation(OpenIdAuthenticationMechanismDefinition.class));

    @Inject
    @Delegate
    @Any
    HttpAuthenticationMechanism liberty;

    @Inject
    OpenIdContext openId;

    /** Said once in the server's log, at the first request: the decorator is in place (and whether it answers). */
    private static final java.util.concurrent.atomic.AtomicBoolean ANNOUNCED = new java.util.concurrent.atomic.AtomicBoolean();

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) throws AuthenticationException {
        if (!ANNOUNCED.get() && ANNOUNCED.compareAndSet(false, true)) {
            LOG.info(ENABLED
                    ? "[kyodo] page sign-in: ordinary requests skip Liberty's OpenID Connect mechanism (WebSignInShortcut)"
                    : "[kyodo] page sign-in: token refresh or sign-out on expiry configured: every request goes to Liberty's mechanism");
        }
        switch (route(context)) {
            case ANONYMOUS:
                return AuthenticationStatus.NOT_DONE;
            case SIGNED_IN:
                if (hasOpenIdContext()) {
                    context.getResponse().setStatus(HttpServletResponse.SC_OK);
                    context.getMessageInfo().getMap().put(AUTH_TYPE_KEY, AUTH_TYPE);
                    return AuthenticationStatus.NOT_DONE;
                }
                return liberty.validateRequest(request, response, context);
            default:
                return liberty.validateRequest(request, response, context);
        }
    }

    enum Route { ANONYMOUS, SIGNED_IN, LIBERTY }

    /** Who answers this request: see the class comment. Reads only the request; changes nothing. */
    static Route route(HttpMessageContext context) {
        if (!ENABLED) {
            return Route.LIBERTY;
        }
        HttpServletRequest request = context.getRequest();
        AuthenticationParameters parameters = context.getAuthParameters();
        if (parameters != null && parameters.isNewAuthentication() || request.getParameter(STATE) != null) {
            return Route.LIBERTY;
        }
        if (request.getUserPrincipal() == null) {
            return context.isProtected() || context.isAuthenticationRequest() ? Route.LIBERTY : Route.ANONYMOUS;
        }
        HttpSession session = request.getSession(false);
        try {
            return session != null && session.getAttribute(SignedInClaims.SIGN_IN) instanceof SignedInClaims.SessionSignIn
                    ? Route.SIGNED_IN : Route.LIBERTY;
        } catch (IllegalStateException invalidated) {
            return Route.LIBERTY;
        }
    }

    /** Liberty's mechanism fails a caller without an OpenID context; such a request is left to it. */
    private boolean hasOpenIdContext() {
        try {
            return openId.getAccessToken() != null;
        } catch (RuntimeException none) {
            LOG.log(Level.FINE, "no OpenID context for the caller: left to Liberty's mechanism", none);
            return false;
        }
    }

    /**
     * True when Liberty's mechanism, for a signed-in caller, only ever finds that nothing is to be done: no automatic
     * token refresh and no sign-out when a token expires (the annotation's defaults, which {@link WebSignIn} keeps).
     * Anything else configured (or an expression for it) sends every request to Liberty's mechanism again.
     */
    static boolean tokensNeverChecked(OpenIdAuthenticationMechanismDefinition definition) {
        if (definition == null) {
            return false;
        }
        LogoutDefinition logout = definition.logout();
        return !definition.tokenAutoRefresh() && definition.tokenAutoRefreshExpression().isEmpty()
                && !logout.accessTokenExpiry() && logout.accessTokenExpiryExpression().isEmpty()
                && !logout.identityTokenExpiry() && logout.identityTokenExpiryExpression().isEmpty();
    }
}
