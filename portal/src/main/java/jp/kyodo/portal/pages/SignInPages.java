package jp.kyodo.portal.pages;

import static jakarta.security.enterprise.authentication.mechanism.http.AuthenticationParameters.withParams;

import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.config.ConfigProvider;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.RequestIdentity;
import jp.kyodo.tenant.TenantContext;
import java.util.Map;
import jp.kyodo.tenant.pages.PageLanguage;
import jp.kyodo.tenant.pages.PageShell;
import jp.kyodo.tenant.pages.SignedIn;
import jp.kyodo.tenant.pages.Text;

/**
 * Sign-in to a city (共通ID, through Keycloak) and sign-out; the signed-in person's page is
 * {@link jp.kyodo.portal.profile.MyPages}. A person
 * is let into a city's pages only when the token's organization claim names that city; a person signed in for another
 * city is told so ({@code pages/signInOtherCity.jte}, in the page's language) and offered another account.
 */
@Path("")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class SignInPages {

    @Inject
    SecurityContext security;
    @Inject
    TenantContext tenant;
    @Inject
    RequestIdentity identity;
    @Inject
    jp.kyodo.tenant.CityDirectory directory;
    @Inject
    PageLanguage language;
    @Context
    HttpServletRequest request;
    @Context
    HttpServletResponse response;

    /** Starts (or repeats, for another city) the sign-in, then lands on the person's page. */
    @GET
    @Path("c/{code}/login")
    public Response login(@PathParam("code") String code, @jakarta.ws.rs.QueryParam("again") String again,
                          @jakarta.ws.rs.QueryParam("return") String back) throws Exception {
        boolean signedIn = SignedIn.signedIn(request);
        if (signedIn && belongsTo(code)) {
            // a sign-in with the My Number card: its 基本4情報 go on the person's record in this city (only here)
            SignedIn.card(request).ifPresent(this::recordCard);
            return Response.seeOther(URI.create(returnPath(code, wayBack(back)))).build();
        }
        if (!signedIn) {
            keepForTheWayBack(back);
        }
        if (signedIn && again == null && SignedIn.business(request).isPresent()) {
            // a business signed in with GビズID here, not (yet) registered with this city: offer to register it with
            // this city only, as an explicit step (a form); nothing joins by itself
            return businessJoinPage(code, 200);
        }
        if (signedIn && again == null && SignedIn.card(request).isPresent()) {
            // signed in with the My Number card, not (yet) a member of this city: offer to register with this city
            // only, as an explicit step (a form); a card sign-in never joins a city by itself
            return cardJoinPage(200);
        }
        if (signedIn && again == null) {
            // signed in, but not for this city: say so instead of silently signing in again
            City city = tenant.city();
            Text t = language.text(PortalPages.MESSAGES);
            String html = PageShell.page(t.tag(), t.plain("signin.other.title"), city, PortalPages.TEMPLATES.content(
                    "pages/signInOtherCity.jte", Map.of("t", t, "username", identity.username(), "cityName", city.name(),
                            "again", "/c/" + city.code() + "/login?again=1")), null);
            return Response.status(403).entity(html).build();
        }
        security.authenticate(request, response, withParams().newAuthentication(signedIn));
        return null;
    }

    /**
     * The platform's sign-in (the vendor's console, national statistics: no city), then back to the platform page
     * asked for ({@code ?return=}, checked by {@link #platformReturnPath}), else the platform's home.
     */
    @GET
    @Path("login")
    public Response platformLogin(@jakarta.ws.rs.QueryParam("return") String back) throws Exception {
        if (SignedIn.signedIn(request)) {
            return Response.seeOther(URI.create(platformReturnPath(wayBack(back)))).build();
        }
        keepForTheWayBack(back);
        security.authenticate(request, response, withParams());
        return null;
    }

    /**
     * Before the round trip through Keycloak: the way back goes into the session (Liberty's return to the original
     * resource replaces the query with Keycloak's code and state), and a language chosen with {@code ?lang=} into its
     * cookie now, because no page answers this request (the mechanism does) and the first page after the sign-in
     * would otherwise forget it.
     */
    private void keepForTheWayBack(String back) {
        if (back != null) {
            request.getSession(true).setAttribute(RETURN_PATH, back);
        }
        String chosen = PageLanguage.chosenInQuery(request);
        if (chosen != null) {
            response.addHeader("Set-Cookie", LanguageCookie.cookie(chosen).toString());
        }
    }

    /** After it: the way back given again, else the one kept in the session (used once); checked by the caller. */
    private String wayBack(String back) {
        jakarta.servlet.http.HttpSession session = request.getSession(false);
        Object kept = session == null ? null : session.getAttribute(RETURN_PATH);
        if (session != null) {
            session.removeAttribute(RETURN_PATH);
        }
        return back != null ? back : (String) kept;
    }

    @Inject
    jp.kyodo.tenant.identity.CityMembers members;

    /**
     * Registers the business of this GビズID sign-in with this city (as a member of this city's organization only, role
     * {@code citizen}), then signs in again for this city, which now names it in the token. Only for a sign-in through
     * GビズID; the form passes the page protections (same origin, form token) like every form.
     */
    @POST
    @Path("c/{code}/business/join")
    public Response joinAsBusiness(@PathParam("code") String code) {
        return join(code, SignedIn.business(request).isPresent(), s -> members.joinAsBusiness(s, SignedIn.GBIZID),
                () -> businessJoinPage(code, 403));
    }

    @Inject
    jp.kyodo.crm.citizens.CitizenRecords records;

    /**
     * Registers the person of this My Number card sign-in with this city (a member of this city's organization only,
     * role {@code citizen}), then signs in again for this city, where the card's 基本4情報 are recorded
     * ({@link #login}). Only for a sign-in through the デジタル認証アプリ; the form passes the page protections like every
     * form.
     */
    @POST
    @Path("c/{code}/card/join")
    public Response joinWithCard(@PathParam("code") String code) {
        return join(code, SignedIn.card(request).isPresent(), s -> members.joinWithCard(s, SignedIn.DIGITAL_AUTH),
                () -> cardJoinPage(403));
    }

    /** Joins this city with the sign-in's subject when the sign-in is of the right kind, then signs in again here. */
    private Response join(String code, boolean rightKind, java.util.function.Consumer<String> join,
                          java.util.function.Supplier<Response> refused) {
        City city = tenant.city();
        java.util.Optional<String> subject = SignedIn.subject(request);
        if (!SignedIn.signedIn(request) || subject.isEmpty() || !rightKind) {
            return refused.get();
        }
        if (!belongsTo(code)) {
            join.accept(subject.get());
        }
        return Response.seeOther(URI.create("/c/" + city.code() + "/login?again=1")).build();
    }

    private void recordCard(SignedIn.CardIdentity c) {
        records.recordCardIdentity(c.name(), c.address(), c.birthdate(), c.gender(), c.acr(), SignedIn.DIGITAL_AUTH);
    }

    private Response cardJoinPage(int status) {
        return joinPage("pages/cardJoin.jte", "card.join.title", "card", SignedIn.card(request).orElse(null),
                "/card/join", status);
    }

    private Response businessJoinPage(String code, int status) {
        return joinPage("pages/businessJoin.jte", "business.join.title", "business",
                SignedIn.business(request).orElse(null), "/business/join", status);
    }

    /** The page offering to register with this city after an external sign-in (GビズID, the My Number card). */
    private Response joinPage(String template, String title, String what, Object signIn, String action, int status) {
        City city = tenant.city();
        Text t = language.text(PortalPages.MESSAGES);
        Map<String, Object> params = new java.util.HashMap<>();
        params.put("t", t);
        params.put("cityName", city.name());
        params.put(what, signIn);
        params.put("action", "/c/" + city.code() + action);
        params.put("request", request);
        String html = PageShell.page(t.tag(), t.plain(title), city, PortalPages.TEMPLATES.content(template, params), null);
        return Response.status(status).entity(html).build();
    }

    @POST
    @Path("logout")
    public Response logout(@jakarta.ws.rs.FormParam("from") String from) throws ServletException {
        // the OpenID mechanism keeps the sign-in in the HTTP session: ending the session signs out here; then
        // Keycloak's end-session endpoint ends the single sign-on too, so a shared computer (a counter, a library)
        // does not sign the next person in as the previous one
        java.util.Optional<String> idToken = SignedIn.idToken(request);
        String back = request.getScheme() + "://" + request.getServerName()
                + (request.getServerPort() == 80 || request.getServerPort() == 443 ? "" : ":" + request.getServerPort())
                + signedOutPage(from);
        if (request.getSession(false) != null) {
            request.getSession(false).invalidate();
        }
        // Liberty also remembers a sign-in in its single sign-on cookie (LtpaToken2): expire it with the session's
        jakarta.ws.rs.core.NewCookie[] expired = expiredSignInCookies();
        if (idToken.isEmpty()) {
            java.util.logging.Logger.getLogger(SignInPages.class.getName())
                    .info("sign-out without an ID token: Keycloak's own session is left to expire");
            return Response.seeOther(URI.create(signedOutPage(from))).cookie(expired).build();
        }
        String issuer = ConfigProvider.getConfig().getOptionalValue("kyodo.keycloak.url", String.class)
                .orElse("http://localhost:8180") + "/realms/"
                + ConfigProvider.getConfig().getOptionalValue("kyodo.keycloak.realm", String.class).orElse("kyodo");
        return Response.seeOther(jakarta.ws.rs.core.UriBuilder.fromUri(issuer + "/protocol/openid-connect/logout")
                .queryParam("id_token_hint", idToken.get()).queryParam("post_logout_redirect_uri", back)
                .queryParam("client_id", "kyodo-web").build()).cookie(expired).build();
    }

    private static final String RETURN_PATH = "kyodo.sign-in.return";

    private static final java.util.regex.Pattern SAME_CITY_PATH =
            java.util.regex.Pattern.compile("^/c/([0-9A-Za-z-]{1,32})/[A-Za-z0-9/_.~%?=&+-]{0,500}$");

    /**
     * Where a sign-in lands: the page the person asked for when it is a path of this same city (never another host,
     * another city or a path that a browser could read as one: no "//", no backslash), else their page.
     */
    static String returnPath(String code, String back) {
        if (back != null && !back.contains("//") && !back.contains("/..") && !back.contains("\\")) {
            java.util.regex.Matcher m = SAME_CITY_PATH.matcher(back);
            if (m.matches() && m.group(1).equals(code) && !back.startsWith("/c/" + code + "/login")) {
                return back;
            }
        }
        return "/c/" + code + "/me";
    }

    private static final java.util.regex.Pattern PLATFORM_PATH =
            java.util.regex.Pattern.compile("^/(vendor|national)/[A-Za-z0-9/_.~%?=&+-]{0,500}$");

    /** Where the platform's sign-in lands: a vendor or national page asked for (same rules as a city's), else "/". */
    static String platformReturnPath(String back) {
        return back != null && !back.contains("//") && !back.contains("/..") && !back.contains("\\")
                && PLATFORM_PATH.matcher(back).matches() ? back : "/";
    }

    /** Where sign-out lands: the home of the city it was done from (a known active city only), saying so. */
    private String signedOutPage(String from) {
        java.util.regex.Matcher m = from == null ? null : java.util.regex.Pattern.compile("^/c/([0-9A-Za-z-]{1,32})/$").matcher(from);
        if (m != null && m.matches() && directory.byCode(m.group(1)).filter(jp.kyodo.tenant.City::isActive).isPresent()) {
            return from + "?signedout";
        }
        return "/?signedout";
    }

    private jakarta.ws.rs.core.NewCookie[] expiredSignInCookies() {
        java.util.List<jakarta.ws.rs.core.NewCookie> out = new java.util.ArrayList<>();
        if (request.getCookies() != null) {
            for (jakarta.servlet.http.Cookie c : request.getCookies()) {
                if (c.getName().startsWith("LtpaToken") || c.getName().startsWith("WASOidc")
                        || c.getName().equals("JSESSIONID")) {
                    out.add(PortalCookies.named(c.getName()).value("").path("/").maxAge(0)
                            .httpOnly(true).build());
                }
            }
        }
        return out.toArray(jakarta.ws.rs.core.NewCookie[]::new);
    }

    private boolean belongsTo(String code) {
        return SignedIn.belongsTo(request, code);
    }


}
