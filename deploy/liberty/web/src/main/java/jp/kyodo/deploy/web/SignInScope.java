package jp.kyodo.deploy.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.kyodo.tenant.pages.SignedIn;

/**
 * The OpenID scopes of a sign-in started from this request: the city of the page's path, if any. One instance for the
 * application (the request is the container's request proxy): Liberty's mechanism evaluates these expressions on every
 * request, and a request-scoped bean was created for each.
 */
@ApplicationScoped
@Named("signInScope")
public class SignInScope {

    /** The Keycloak actions a page may ask for. */
    private static final java.util.Set<String> KEYCLOAK_ACTIONS = java.util.Set.of("CONFIGURE_TOTP");
    private static final Pattern CITY_PATH = Pattern.compile("^/c/(\\d{6})(/.*)?$");

    @Inject
    HttpServletRequest request;

    /** Extra parameters of the authorization request: a Keycloak action a page asked for, if any. */
    public String[] getExtraParameters() {
        Object action = request.getAttribute(SignedIn.REQUESTED_ACTION);
        return action instanceof String a && KEYCLOAK_ACTIONS.contains(a) ? new String[] {"kc_action=" + a} : new String[0];
    }

    /** Evaluated by the OpenID mechanism at each sign-in (scopeExpression wants an array). */
    public String[] getScopes() {
        Matcher m = CITY_PATH.matcher(request.getRequestURI());
        return m.matches()
                ? new String[] {"openid", "profile", "email", "microprofile-jwt", "organization:" + m.group(1)}
                : new String[] {"openid", "profile", "email", "microprofile-jwt"};
    }
}
