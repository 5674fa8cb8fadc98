package jp.kyodo.admin.pages;


import jakarta.security.enterprise.SecurityContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.identity.CityRoles;
import jp.kyodo.tenant.pages.Messages;
import jp.kyodo.tenant.pages.SignedIn;
import jp.kyodo.tenant.pages.PageGate;
import jp.kyodo.tenant.pages.PageShell;
import jp.kyodo.tenant.pages.Templates;
import jp.kyodo.tenant.pages.Text;

/**
 * The admin console's templates ({@code admin-console/src/main/jte}), messages
 * ({@code jp/kyodo/admin/pages/messages_*.properties}) and the gates its pages share (a city's administration pages
 * are marked {@link CityAdminOnly}; the vendor and national pages call {@link #platformGate}).
 */
public final class AdminPages {

    public static final Templates TEMPLATES = Templates.precompiled(AdminPages.class, "jp.kyodo.admin.pages.templates");
    public static final Messages MESSAGES = Messages.of(AdminPages.class, "jp/kyodo/admin/pages/messages");

    private AdminPages() {
    }

    /**
     * The posted form fields, read from the servlet request: the application's servlet filters read the parameters
     * before JAX-RS would get the body, so an entity parameter would arrive empty.
     */
    public static jakarta.ws.rs.core.MultivaluedMap<String, String> posted(HttpServletRequest request) {
        jakarta.ws.rs.core.MultivaluedMap<String, String> out = new jakarta.ws.rs.core.MultivaluedHashMap<>();
        request.getParameterMap().forEach((k, v) -> out.addAll(k, v));
        return out;
    }

    /** The parameters every console page's template gets: its messages, the section's base path and the request. */
    public static Map<String, Object> params(Text t, String base, HttpServletRequest request) {
        Map<String, Object> p = new java.util.HashMap<>();
        p.put("t", t);
        p.put("base", base);
        p.put("request", request);
        return p;
    }

    /** A time shown on the console, in Japan's time zone ({@code 2026-04-01 09:30}); empty when unknown. */
    public static String time(java.time.OffsetDateTime t) {
        return t == null ? "" : t.atZoneSameInstant(java.time.ZoneId.of("Asia/Tokyo"))
                .format(java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm"));
    }

    /** A page of the console in the frame, with status 200 or another. */
    public static Response page(int status, Text t, String title, City city, String template, Map<String, Object> params) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(PageShell.page(t.tag(), title, city, TEMPLATES.content(template, params), null)).build();
    }

    /**
     * Null when the caller may see a city page of {@code role}; otherwise the way to the city's sign-in (coming back
     * here) or a refusal page (403) naming what is missing.
     */
    static Response cityGate(SecurityContext security, HttpServletRequest request, Text t, City city, String code,
                             String... roles) {
        return switch (PageGate.check(security, request, city, code, roles)) {
            case NOT_SIGNED_IN -> Response.seeOther(PageGate.signInThenBackTo(request, city)).build();
            case OTHER_CITY, MISSING_ROLE -> refused(t, city, java.util.Arrays.asList(roles).contains("staff")
                    ? "refused.cityStaff" : "refused.cityAdmin");
            case ADMITTED -> null;
        };
    }

    /** Null when the caller holds one of the platform roles (vendor, national analyst); else a sign-in or a refusal. */
    public static Response platformGate(SecurityContext security, HttpServletRequest request, Text t, String reasonKey,
                                        String... roles) {
        if (!jp.kyodo.tenant.pages.SignedIn.signedIn(request)) {
            return Response.seeOther(PageGate.platformSignInThenBackTo(request)).build();
        }
        for (String role : roles) {
            // the request's roles: this server's sign-in, or the page session's from a sign-in on another server
            if (request.isUserInRole(role)) {
                // the platform roles need a sign-in made with a second factor (CityRoles#platformSecondFactor)
                CityRoles cityRoles = jakarta.enterprise.inject.spi.CDI.current().select(CityRoles.class).get();
                if (!cityRoles.platformSecondFactor(SignedIn.subject(request).orElse(null))) {
                    return page(403, t, t.plain("refused.secondFactor.title"), null, "shared/second-factor.jte",
                            Map.of("t", t, "account", accountConsole()));
                }
                return null;
            }
        }
        return refused(t, null, reasonKey);
    }

    /** Keycloak's account console, "Signing in" (where an authenticator app is set up), for this realm. */
    static String accountConsole() {
        var config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        return config.getOptionalValue("kyodo.keycloak.url", String.class).orElse("http://localhost:8180") + "/realms/"
                + config.getOptionalValue("kyodo.keycloak.realm", String.class).orElse("kyodo")
                + "/account/account-security/signing-in";
    }

    /** A refusal page (403) in the console's frame, saying why in the person's language. */
    static Response refused(Text t, City city, String reasonKey) {
        return page(403, t, t.plain("refused.title"), city, "shared/refused.jte", Map.of("t", t, "reason", reasonKey));
    }
}
