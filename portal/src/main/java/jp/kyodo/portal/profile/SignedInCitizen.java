package jp.kyodo.portal.profile;

import jakarta.security.enterprise.SecurityContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Optional;
import jp.kyodo.tenant.City;
import jp.kyodo.portal.pages.PortalPages;
import jp.kyodo.tenant.pages.PageLanguage;
import jp.kyodo.tenant.pages.Text;
import jp.kyodo.tenant.pages.PageShell;
import jp.kyodo.tenant.pages.PageGate;

/** The sign-in check of the my-page pages: signed in, and a member of the URL's city. */
public final class SignedInCitizen {

    private SignedInCitizen() {
    }

    /**
     * Empty when the person may see the city's my-page; otherwise the answer to give: the sign-in redirect, or 403 with
     * {@code pages/notMember.jte} in the page's language (the frame's header offers to sign out).
     */
    public static Optional<Response> refuse(SecurityContext security, HttpServletRequest request, City city, String code,
                                            PageLanguage language) {
        return switch (PageGate.check(security, request, city, code)) {
            case NOT_SIGNED_IN -> Optional.of(Response.seeOther(PageGate.signInThenBackTo(request, city)).build());
            case OTHER_CITY, MISSING_ROLE -> {
                Text t = language.text(PortalPages.MESSAGES);
                String html = PageShell.page(t.tag(), t.plain("notMember.title"), city,
                        PortalPages.TEMPLATES.content("pages/notMember.jte", Map.of("t", t, "cityName", city.name())), null);
                yield Optional.of(Response.status(403).type("text/html;charset=UTF-8").entity(html).build());
            }
            case ADMITTED -> Optional.empty();
        };
    }

    /** True when the person is signed in to this city (for pages that also work signed out). */
    public static boolean isIn(SecurityContext security, HttpServletRequest request, City city) {
        return PageGate.check(security, request, city, city.code()) == PageGate.Verdict.ADMITTED;
    }
}
