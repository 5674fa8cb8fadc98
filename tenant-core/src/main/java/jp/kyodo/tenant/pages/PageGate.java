package jp.kyodo.tenant.pages;

import jakarta.security.enterprise.SecurityContext;
import jakarta.servlet.http.HttpServletRequest;
import jp.kyodo.tenant.City;

/**
 * The one decision every signed-in page makes before it shows anything: is someone signed in, does their
 * token belong to the city of the URL, and do they hold one of the page's roles in that city. Each page family words its
 * own refusal; the decision itself lives only here.
 */
public final class PageGate {

    /** What the gate decided. */
    public enum Verdict {
        /** Nobody is signed in: start a sign-in (or send to the city's sign-in page). */
        NOT_SIGNED_IN,
        /** Signed in, to another city than the URL's (or the URL names another city than the request's tenant). */
        OTHER_CITY,
        /** Signed in to this city, without any of the page's roles. */
        MISSING_ROLE,
        /** May see the page. */
        ADMITTED
    }

    private PageGate() {
    }

    /**
     * Decides for the request's city {@code city} and the city code of the URL {@code code}; {@code roles} are
     * alternatives (any one admits); none means anyone who holds a role in the city.
     */
    public static Verdict check(SecurityContext security, HttpServletRequest request, City city, String code,
                                String... roles) {
        // the request's principal, not the container's subject: a person signed in on another server is known from the
        // page session (SignedIn.signedIn, set by the pages module's sign-in filter)
        if (!SignedIn.signedIn(request)) {
            return Verdict.NOT_SIGNED_IN;
        }
        if (!city.code().equals(code) || !SignedIn.belongsTo(request, city.code())) {
            return Verdict.OTHER_CITY;
        }
        if (roles.length == 0) {
            // any member of the city: someone who holds a role here (a city_member row under their subject id), not
            // merely an account in the city's Keycloak organization or one that shares a closed account's name
            return jp.kyodo.tenant.identity.CityRoles.CITY_ROLES.stream().anyMatch(r -> SignedIn.hasRole(request, r))
                    ? Verdict.ADMITTED : Verdict.MISSING_ROLE;
        }
        for (String role : roles) {
            // the role held in this city (city_member), never a role of the token: see SignedIn.CITY_ROLES
            if (SignedIn.hasRole(request, role)) {
                return Verdict.ADMITTED;
            }
        }
        return Verdict.MISSING_ROLE;
    }

    /**
     * Where a page sends a person who is not signed in: the city's sign-in page ({@code /c/<code>/login}), asked to come
     * back to the page they wanted with its query (a GET only: a form post is not repeated). Pages never start the
     * OpenID Connect sign-in themselves: Liberty's return to the original resource keeps the path but replaces its
     * query with Keycloak's {@code code} and {@code state}, which then stayed in the address bar and lost a
     * {@code ?lang=}. {@code SignInPages} accepts only a path of the same city as the way back.
     */
    public static java.net.URI signInThenBackTo(HttpServletRequest request, City city) {
        return backTo(request, "/c/" + city.code() + "/login");
    }

    /** The same for the platform's pages (vendor, national statistics): the platform's sign-in, {@code /login}. */
    public static java.net.URI platformSignInThenBackTo(HttpServletRequest request) {
        return backTo(request, "/login");
    }

    private static java.net.URI backTo(HttpServletRequest request, String login) {
        if (!"GET".equals(request.getMethod())) {
            return java.net.URI.create(login);
        }
        String wanted = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        return java.net.URI.create(login + "?return=" + java.net.URLEncoder.encode(wanted, java.nio.charset.StandardCharsets.UTF_8));
    }
}
