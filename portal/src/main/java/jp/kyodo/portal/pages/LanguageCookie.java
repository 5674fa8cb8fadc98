package jp.kyodo.portal.pages;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.ext.Provider;
import jp.kyodo.tenant.pages.PageLanguage;

/** Remembers a language chosen with {@code ?lang=} in a cookie, so the following pages keep it. */
@Provider
public class LanguageCookie implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String chosen = PageLanguage.supported(request.getUriInfo().getQueryParameters().getFirst(PageLanguage.PARAM));
        if (chosen != null) {
            response.getHeaders().add("Set-Cookie", cookie(chosen));
        }
    }

    /** The cookie that remembers a chosen language for a year. */
    static NewCookie cookie(String tag) {
        return PortalCookies.named(PageLanguage.COOKIE).value(tag).path("/").maxAge(365 * 24 * 3600)
                .sameSite(NewCookie.SameSite.LAX).httpOnly(true).build();
    }
}
