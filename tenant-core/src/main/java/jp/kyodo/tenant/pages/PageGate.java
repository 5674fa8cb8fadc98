package jp.kyodo.tenant.pages;

import jakarta.security.enterprise.SecurityContext;
import jakarta.servlet.http.HttpServletRequest;
import jp.kyodo.tenant.City;

/**
 * The one decision every signed-in page makes before it shows anything: is someone signed in, does their
 * token belong to the city of the URL, and do they hold one of the page's roles. Each page family words its
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
     * alternatives (any one admits); none means any signed-in member of the city.
     */
    public static Verdict check(SecurityContext security, HttpServletRequest request, City city, String code,
                                String... roles) {
        if (security.getCallerPrincipal() == null) {
            return Verdict.NOT_SIGNED_IN;
        }
        if (!city.code().equals(code) || !SignedIn.belongsTo(request, city.code())) {
            return Verdict.OTHER_CITY;
        }
        if (roles.length == 0) {
            return Verdict.ADMITTED;
        }
        for (String role : roles) {
            if (security.isCallerInRole(role)) {
                return Verdict.ADMITTED;
            }
        }
        return Verdict.MISSING_ROLE;
    }
}
