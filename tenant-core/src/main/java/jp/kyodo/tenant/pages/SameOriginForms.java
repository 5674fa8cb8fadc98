package jp.kyodo.tenant.pages;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.net.URI;
import java.util.Locale;

/**
 * Refuses a page form posted from another site (cross-site request forgery) for every page at once: a browser names
 * the page a form came from in {@code Origin} (or, older ones, {@code Referer}), and a POST, PUT or DELETE whose origin
 * is not this host gets a readable 403 page. A request with neither header (not a browser form) is let through; the
 * contact-centre pages add a per-session form token on top.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class SameOriginForms implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        String method = request.getMethod();
        if (method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")) {
            return;
        }
        String origin = request.getHeaderString("Origin");
        if (origin == null || origin.isBlank() || origin.equals("null")) {
            origin = request.getHeaderString("Referer");
        }
        if (origin == null || origin.isBlank()) {
            return;
        }
        String host = request.getHeaderString("X-Forwarded-Host");
        if (host == null || host.isBlank()) {
            host = request.getHeaderString("Host");
        }
        if (!sameHost(origin, host)) {
            request.abortWith(Response.status(403).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                    .entity(PageShell.render("ja", "送信できませんでした", null,
                            "<h1>送信できませんでした</h1><p>このフォームは別のサイトから送られたため、受け付けませんでした。"
                                    + "お手数ですが、このサイトのページからもう一度操作してください。</p>"
                                    + "<p lang=\"en\">This form was sent from another site and was refused.</p>"
                                    + "<p><a href=\"/\">トップへ戻る</a></p>")).build());
        }
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
