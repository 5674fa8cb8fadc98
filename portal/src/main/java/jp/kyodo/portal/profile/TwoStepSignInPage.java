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
import jp.kyodo.crm.pages.FormToken;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.RequestIdentity;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.identity.KeycloakAdmin;
import jp.kyodo.tenant.identity.KeycloakAdmin.AuthenticatorApp;
import jp.kyodo.tenant.pages.Html;
import jp.kyodo.tenant.pages.PageLanguage;
import jp.kyodo.tenant.pages.SignedIn;
import jp.kyodo.tenant.reception.ReceptionNumbers;

/**
 * Two-step sign-in (2段階認証) of the common ID, optional for citizens: {@code /c/<code>/me/security} shows whether
 * an authenticator app is set up, starts the set-up on Keycloak's (Kyodo-themed) page and removes an app. The set-up
 * is a sign-in with Keycloak's {@code kc_action=CONFIGURE_TOTP}, so the person comes back through the normal
 * sign-in callback; Kyodo never sees the secret.
 */
@Path("")
@CitizenPage
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class TwoStepSignInPage {

    /** Session flag: a set-up sign-in was started from this page; its return lands on {@code …/authenticator}. */
    private static final String STARTED = "kyodo.twoStep.started";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy年M月d日");

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
    @Path("c/{code}/me/security")
    public Response status(@PathParam("code") String code, @QueryParam("done") String done) {
        City city = tenant.city();
        return page(city, apps(), done, 200);
    }

    /** Starts the set-up: a sign-in that asks Keycloak to show the authenticator set-up page. */
    @POST
    @Path("c/{code}/me/security/authenticator")
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
    @Path("c/{code}/me/security/authenticator")
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
    @Path("c/{code}/me/security/authenticator/remove")
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

    private String userId() {
        return keycloak.findUser(identity.username()).orElseThrow(() -> new IllegalStateException(
                "the signed-in person is not in Keycloak: " + identity.username())).id();
    }

    private Response page(City city, List<AuthenticatorApp> apps, String outcome, int status) {
        PageLanguage l = language;
        String c = "/c/" + Html.escape(city.code());
        String title = l.pick("2段階認証（ワンタイムパスワード）", "Two-step sign-in (one-time codes)");
        StringBuilder b = new StringBuilder("<h1>").append(title).append("</h1>");
        if ("setup".equals(outcome) || "removed".equals(outcome)) {
            boolean on = !apps.isEmpty();
            b.append("<div class=\"done\" role=\"status\"><p>").append("removed".equals(outcome)
                    ? l.pick("認証アプリの登録を解除しました。", "The authenticator app was removed.")
                    : on ? l.pick("認証アプリを登録しました。次回からサインインの際にワンタイムパスワードを入力します。",
                            "Your authenticator app is set up. From now on you enter a one-time code when you sign in.")
                    : l.pick("認証アプリは登録されませんでした。", "No authenticator app was set up.")).append("</p></div>");
        } else if ("expired".equals(outcome) || "unknown".equals(outcome)) {
            b.append("<div class=\"error\" role=\"alert\"><p>").append("expired".equals(outcome)
                    ? l.pick("画面の有効期限が切れました。もう一度操作してください。", "This page has expired. Please try again.")
                    : l.pick("その認証アプリは登録されていません。", "There is no such authenticator app.")).append("</p></div>");
        }
        b.append("<p>").append(l.pick("パスワードに加えて、スマートフォンの認証アプリに表示される6桁の数字（ワンタイムパスワード）で"
                + "サインインします。パスワードが知られても、他人がサインインできなくなります。設定は任意です。",
                "Besides your password, you enter the six-digit code your phone's authenticator app shows. Even if someone "
                        + "learns your password, they cannot sign in. This is optional.")).append("</p>");
        if (apps.isEmpty()) {
            b.append("<p><strong>").append(l.pick("現在の設定：使っていません", "Now: not in use")).append("</strong></p>");
        } else {
            b.append("<p><strong>").append(l.pick("現在の設定：使っています", "Now: in use")).append("</strong></p><table><caption>")
                    .append(l.pick("登録している認証アプリ", "Your authenticator apps")).append("</caption><thead><tr><th scope=\"col\">")
                    .append(l.pick("名前", "Name")).append("</th><th scope=\"col\">").append(l.pick("登録日", "Registered on"))
                    .append("</th><th scope=\"col\">").append(l.pick("操作", "Action")).append("</th></tr></thead><tbody>");
            for (AuthenticatorApp a : apps) {
                String name = a.label().isBlank() ? l.pick("（名前なし）", "(no name)") : a.label();
                b.append("<tr><th scope=\"row\">").append(Html.escape(name)).append("</th><td>")
                        .append(a.registeredAt() == null ? "" : DAY.format(a.registeredAt().atZone(ReceptionNumbers.JAPAN)))
                        .append("</td><td><form method=\"post\" action=\"").append(c).append("/me/security/authenticator/remove\">")
                        .append(FormToken.hidden(request)).append("<input type=\"hidden\" name=\"app\" value=\"")
                        .append(Html.escape(a.id())).append("\"><button type=\"submit\" aria-label=\"")
                        .append(Html.escape(l.pick(name + " の登録を解除する", "Remove " + name))).append("\">")
                        .append(l.pick("解除する", "Remove")).append("</button></form></td></tr>");
            }
            b.append("</tbody></table>");
        }
        b.append("<form method=\"post\" action=\"").append(c).append("/me/security/authenticator\">").append(FormToken.hidden(request))
                .append("<button type=\"submit\">").append(apps.isEmpty()
                        ? l.pick("認証アプリを設定する", "Set up an authenticator app")
                        : l.pick("別の認証アプリを追加する", "Add another authenticator app")).append("</button></form>")
                .append("<p><a href=\"").append(c).append("/me\">").append(l.pick("マイページへ戻る", "Back to My page")).append("</a></p>");
        return Response.status(status).entity(MyPages.ok(city, title, b.toString(), l).getEntity()).build();
    }
}
