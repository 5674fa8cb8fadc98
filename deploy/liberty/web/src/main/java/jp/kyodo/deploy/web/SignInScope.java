package jp.kyodo.deploy.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.kyodo.tenant.pages.PageLanguage;
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

    /**
     * Extra parameters of the authorization request: a Keycloak action a page asked for, if any, and the language the
     * person chose on Kyodo's pages ({@code ui_locales}, so Keycloak's sign-in pages speak it too; the realm's
     * supported locales are the five Keycloak tags below, やさしい日本語 signs in in Japanese).
     */
    public String[] getExtraParameters() {
        java.util.List<String> extra = new java.util.ArrayList<>(2);
        Object action = request.getAttribute(SignedIn.REQUESTED_ACTION);
        if (action instanceof String a && KEYCLOAK_ACTIONS.contains(a)) {
            extra.add("kc_action=" + a);
        }
        String chosen = PageLanguage.chosen(request);
        if (chosen != null) {
            extra.add("ui_locales=" + KEYCLOAK_LOCALES.getOrDefault(chosen, "ja"));
        }
        return extra.toArray(String[]::new);
    }

    /** Kyodo's page languages as Keycloak's locales (deploy/keycloak: the realm's supportedLocales, the theme's). */
    static final java.util.Map<String, String> KEYCLOAK_LOCALES = java.util.Map.of("ja", "ja", "ja-easy", "ja", "en", "en",
            "zh", "zh-CN", "ko", "ko", "vi", "vi");

    /** Evaluated by the OpenID mechanism at each sign-in (scopeExpression wants an array). */
    public String[] getScopes() {
        Matcher m = CITY_PATH.matcher(request.getRequestURI());
        return m.matches()
                ? new String[] {"openid", "profile", "email", "microprofile-jwt", "organization:" + m.group(1)}
                : new String[] {"openid", "profile", "email", "microprofile-jwt"};
    }
}
