package jp.kyodo.tenant.pages;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.net.URI;
import java.util.Locale;

/**
 * Refuses page requests that change something unless they come from one of this site's own forms (cross-site request
 * forgery), for every page at once. A POST, PUT, PATCH or DELETE must
 * <ol>
 * <li>name this host as its origin: {@code Origin}, or when a browser sends none, {@code Referer}. {@code Origin: null}
 * (a sandboxed frame, a {@code data:} page, some privacy settings) and a request with neither header are refused:
 * every browser that posts a form sends one of the two unless the page asked for {@code no-referrer}, and a
 * cross-site page asking that is exactly the attack;</li>
 * <li>carry this session's {@link FormToken} in its {@code _token} field (url-encoded or multipart form).</li>
 * </ol>
 * A refusal is a readable 403 page in the person's language ({@link Refusals}); nothing reaches the resource. The API (bearer tokens, no cookies) is not
 * behind this filter.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class SameOriginForms implements ContainerRequestFilter {

    @Context
    HttpServletRequest servletRequest;

    @Override
    public void filter(ContainerRequestContext request) {
        String method = request.getMethod();
        if (method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")) {
            return;
        }
        String host = request.getHeaderString("X-Forwarded-Host");
        if (host == null || host.isBlank()) {
            host = request.getHeaderString("Host");
        }
        if (!fromThisSite(request.getHeaderString("Origin"), request.getHeaderString("Referer"), host)) {
            request.abortWith(refused(false));
            return;
        }
        // the servlet container has parsed the form (url-encoded or multipart) for the sign-in mechanism already;
        // getParameter reads the same parsed values the resource gets
        if (!FormToken.valid(servletRequest, servletRequest.getParameter(FormToken.FIELD))) {
            request.abortWith(refused(true));
        }
    }

    /** True when Origin (or, without one, Referer) names this host; {@code Origin: null} and neither header are not. */
    static boolean fromThisSite(String origin, String referer, String host) {
        if (origin != null && !origin.isBlank()) {
            return !origin.strip().equals("null") && sameHost(origin, host);
        }
        return referer != null && !referer.isBlank() && sameHost(referer, host);
    }

    /** The refusal page in the person's language: a form from another site, or a token that is not this session's. */
    private static Response refused(boolean staleForm) {
        return Refusals.page(403, "refused.notSent.title", staleForm ? "refused.staleForm.body" : "refused.crossSite.body");
    }

    /** True when the URL's host and port are the given Host header's (scheme ignored: a proxy may end TLS). */
    static boolean sameHost(String url, String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return false;
        }
        try {
            URI u = URI.create(url.strip());
            if (u.getHost() == null) {
                return false;
            }
            String authority = u.getHost().toLowerCase(Locale.ROOT) + (u.getPort() == -1 ? "" : ":" + u.getPort());
            String host = hostHeader.strip().toLowerCase(Locale.ROOT);
            return authority.equals(host) || authority.equals(withoutDefaultPort(host, u.getScheme()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String withoutDefaultPort(String host, String scheme) {
        if ("http".equals(scheme) && host.endsWith(":80")) {
            return host.substring(0, host.length() - 3);
        }
        if ("https".equals(scheme) && host.endsWith(":443")) {
            return host.substring(0, host.length() - 4);
        }
        return host;
    }
}
