package jp.kyodo.portal.profile;

import static jakarta.security.enterprise.authentication.mechanism.http.AuthenticationParameters.withParams;

import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.format.DateTimeFormatter;
import java.util.List;
import jp.kyodo.tenant.pages.FormToken;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.RequestIdentity;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.identity.KeycloakAdmin;
import jp.kyodo.tenant.identity.KeycloakAdmin.AuthenticatorApp;
import java.util.Map;
import jp.kyodo.portal.pages.PortalPages;
import jp.kyodo.tenant.pages.PageShell;
import jp.kyodo.tenant.pages.Text;
import jp.kyodo.tenant.pages.PageLanguage;
import jp.kyodo.tenant.pages.SignedIn;
import jp.kyodo.tenant.reception.ReceptionNumbers;

/**
 * Two-step sign-in (2段階認証) of the common ID, optional for citizens: {@code /c/<code>/me/security} shows whether
 * an authenticator app is set up, starts the set-up on Keycloak's (Kyodo-themed) page and removes an app. The set-up
 * is a sign-in with Keycloak's {@code kc_action=CONFIGURE_TOTP}, so the person comes back through the normal
 * sign-in callback; Kyodo never sees the secret.
 */
@Path("c/{code}/me/security")
@CitizenPage
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class TwoStepSignInPage {

    /** Session flag: a set-up sign-in was started from this page; its return lands on {@code …/authenticator}. */
    private static final String STARTED = "kyodo.twoStep.started";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy年M月d日");
    private static final DateTimeFormatter ISO_DAY = DateTimeFormatter.ISO_LOCAL_DATE;

    @Inject
    SecurityContext security;
    @Inject
    TenantContext tenant;
    @Inject
    RequestIdentity identity;
    @Inject
    KeycloakAdmin keycloak;
    @Inject
    PageLanguage language;
    @Context
    HttpServletRequest request;
    @Context
    HttpServletResponse response;

    @GET
    public Response status(@PathParam("code") String code, @QueryParam("done") String done) {
        City city = tenant.city();
        return page(city, apps(), done, 200);
    }

    /** Starts the set-up: a sign-in that asks Keycloak to show the authenticator set-up page. */
    @POST
    @Path("authenticator")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response start(@PathParam("code") String code, @FormParam(FormToken.FIELD) String token) throws Exception {
        City city = tenant.city();
        if (!FormToken.valid(request, token)) {
            return page(city, apps(), "expired", 400);
        }
        request.getSession().setAttribute(STARTED, Boolean.TRUE);
        return Response.seeOther(URI.create("/c/" + city.code() + "/me/security/authenticator")).build();
    }

    /**
     * The set-up sign-in itself (a GET, so that the sign-in mechanism can bring the person back to it): first visit
     * after {@link #start} goes to Keycloak; the return from Keycloak goes on to the status page.
     */
    @GET
    @Path("authenticator")
    public Response setUp(@PathParam("code") String code) throws Exception {
        City city = tenant.city();
        HttpSession session = request.getSession();
        if (Boolean.TRUE.equals(session.getAttribute(STARTED))) {
            session.setAttribute(STARTED, Boolean.FALSE);
            request.setAttribute(SignedIn.REQUESTED_ACTION, "CONFIGURE_TOTP");
            security.authenticate(request, response, withParams().newAuthentication(true));
            return null;
        }
        boolean returning = Boolean.FALSE.equals(session.getAttribute(STARTED));
        session.removeAttribute(STARTED);
        return Response.seeOther(URI.create("/c/" + city.code() + "/me/security" + (returning ? "?done=setup" : ""))).build();
    }

    @POST
    @Path("authenticator/remove")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response remove(@PathParam("code") String code, @FormParam("app") String app,
                           @FormParam(FormToken.FIELD) String token) {
        City city = tenant.city();
        if (!FormToken.valid(request, token)) {
            return page(city, apps(), "expired", 400);
        }
        String userId = userId();
        if (app == null || !keycloak.removeAuthenticatorApp(userId, app)) {
            return page(city, keycloak.authenticatorApps(userId), "unknown", 400);
        }
        return Response.seeOther(URI.create("/c/" + city.code() + "/me/security?done=removed")).build();
    }

    private List<AuthenticatorApp> apps() {
        return keycloak.authenticatorApps(userId());
    }

    /** The signed-in account's Keycloak id: the sign-in's subject ({@code sub}), never looked up by user name. */
    private String userId() {
        String subject = identity.subject();
        if (subject == null || subject.isBlank()) {
            throw new IllegalStateException("the sign-in of " + identity.username() + " carries no subject id");
        }
        return subject;
    }

    /** One registered authenticator app as the page shows it (name null when it has none). */
    public record AppRow(String id, String name, String registered) {
    }

    private Response page(City city, List<AuthenticatorApp> apps, String outcome, int status) {
        Text t = language.text(PortalPages.MESSAGES);
        boolean japanese = t.tag().startsWith("ja");
        List<AppRow> rows = apps.stream().map(a -> new AppRow(a.id(), a.label().isBlank() ? null : a.label(),
                a.registeredAt() == null ? "" : (japanese ? DAY : ISO_DAY).format(a.registeredAt().atZone(ReceptionNumbers.JAPAN))))
                .toList();
        String html = PageShell.page(t.tag(), t.plain("twoStep.title") + " — " + city.name(), city,
                PortalPages.TEMPLATES.content("pages/twoStep.jte", Map.of("t", t, "base", "/c/" + city.code() + "/",
                        "apps", rows, "outcome", outcome == null ? "" : outcome, "request", request)), null);
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(html).build();
    }
}
