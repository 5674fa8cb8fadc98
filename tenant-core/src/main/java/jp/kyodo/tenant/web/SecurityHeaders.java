package jp.kyodo.tenant.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The security headers of every response, pages and API alike, set before anything else answers (so error pages,
 * refusals and 404s carry them too):
 * <ul>
 * <li>{@code Content-Security-Policy}: scripts only from this site and never inline ({@code script-src 'self'}; the
 * pages use no script at all), no plug-ins, no {@code <base>}, forms only to this site and to Keycloak (sign-in and
 * sign-out) and to the デジタル認証アプリ (the card signature of an application), {@code frame-ancestors 'none'} (no other site may frame a page: clickjacking). Styles may be inline
 * (the page frame's stylesheet carries each city's colours); images from this site or any https URL (city logos);</li>
 * <li>{@code X-Frame-Options: DENY} for browsers older than {@code frame-ancestors};</li>
 * <li>{@code X-Content-Type-Options: nosniff};</li>
 * <li>{@code Referrer-Policy: same-origin}: addresses (with reception numbers or reply links in them) never leave for
 * another site, while this site's own forms still name their origin;</li>
 * <li>{@code Strict-Transport-Security} when the request came over https or the public URL is https (TLS ended by a
 * proxy).</li>
 * </ul>
 * Registered by each web module (deploy/liberty/web and deploy/liberty/api) as a servlet filter on {@code /*}.
 */
public class SecurityHeaders extends HttpFilter {

    static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /**
     * The policy of the pages. {@code formTargets}: the other origins a form may send the browser to, directly or by
     * the redirect that answers it (browsers check {@code form-action} on redirects too): Keycloak (sign-in, sign-out)
     * and the デジタル認証アプリ (signing an application with the My Number card); blank ones are left out.
     */
    static String pagePolicy(String... formTargets) {
        StringBuilder form = new StringBuilder("form-action 'self'");
        for (String origin : formTargets) {
            if (origin != null && !origin.isBlank() && form.indexOf(" " + origin) < 0) {
                form.append(' ').append(origin);
            }
        }
        return "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' https: data:; "
                + "object-src 'none'; base-uri 'none'; " + form + "; frame-ancestors 'none'";
    }

    private String policy;
    /**
     * Whether browsers reach Kyodo over https ({@code kyodo.public.url}), read with the policy when the filter starts,
     * not through MicroProfile Config on every request (JFR, session 18: ≈ 1.3 % of a signed-in page).
     */
    private boolean publicHttps;

    /** True for the API module (JSON only), false for the pages. */
    protected boolean api() {
        return false;
    }

    @Override
    public void init() throws ServletException {
        policy = api() ? API_POLICY : pagePolicy(PublicUrl.keycloakOrigin(), PublicUrl.digitalAuthOrigin());
        publicHttps = PublicUrl.https();
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response.setHeader("Content-Security-Policy", policy);
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "same-origin");
        if (request.isSecure() || publicHttps) {
            response.setHeader("Strict-Transport-Security", "max-age=31536000");
        }
        chain.doFilter(request, response);
    }
}
