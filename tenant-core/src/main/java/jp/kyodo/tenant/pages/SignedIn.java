package jp.kyodo.tenant.pages;

import jakarta.servlet.http.HttpServletRequest;
import java.util.function.Predicate;

/**
 * What pages know about the signed-in person beyond name and roles: the cities of the token's
 * organization claim and the display name, put into the request by the pages module's filter.
 */
public final class SignedIn {

    public static final String ORGANIZATION_CLAIM = "organization";
    public static final String CITY_CHECK = "kyodo.signedIn.cityCheck";
    public static final String DISPLAY_NAME = "kyodo.signedIn.displayName";
    /** The immutable Keycloak subject id ({@code sub}) of the signed-in person. */
    public static final String SUBJECT = "kyodo.signedIn.subject";
    /**
     * The roles the signed-in person holds in the request's city (a {@code Set<String>}): the city role of their
     * {@code city_member} row there plus platform roles, put in by the page tenant filter. Never the token's city roles.
     */
    public static final String CITY_ROLES = "kyodo.signedIn.cityRoles";
    /**
     * The platform roles of the page session's sign-in (a {@code Set<String>}, the realm roles among
     * {@code CityRoles.PLATFORM_ROLES} of the sign-in's access token), put in by the sign-in filter with the other
     * claims, so the page tenant filter does not ask the container for each role again on every request.
     */
    public static final String PLATFORM_ROLES = "kyodo.signedIn.platformRoles";
    /** The raw ID token of the sign-in, for RP-initiated logout ({@code id_token_hint}); never shown or logged. */
    public static final String ID_TOKEN = "kyodo.signedIn.idToken";

    /**
     * Request attribute naming a Keycloak application-initiated action (e.g. {@code CONFIGURE_TOTP}) for the sign-in
     * that this request starts: the sign-in mechanism sends it as {@code kc_action}.
     */
    public static final String REQUESTED_ACTION = "kyodo.signIn.requestedAction";

    /**
     * The business the person signed in as through GビズID ({@link Business}), put in by the pages module's filter from
     * the token's {@code gbiz_*} claims (Keycloak's session notes of a GビズID sign-in); absent for other sign-ins.
     */
    public static final String BUSINESS = "kyodo.signedIn.business";

    /** The identity provider alias of GビズID in Keycloak (the token's {@code kyodo_idp} claim after such a sign-in). */
    public static final String GBIZID = "gbizid";

    /**
     * A business user of GビズID, as GビズID described it at this sign-in (userinfo, scope {@code profile}):
     * {@code accountType} 1 エントリー, 2 プライム, 3 メンバー; {@code corpType} 1 法人, 2 個人事業主; the 13-digit
     * 法人番号 (empty for a sole proprietor); the business's name and address.
     */
    public record Business(String accountType, String corpType, String corporateNumber, String name, String address)
            implements java.io.Serializable {
    }

    /**
     * The My Number card of a sign-in through the デジタル認証アプリ ({@link CardIdentity}), put in by the pages module's
     * filter from the token's {@code card_*} claims (Keycloak's session notes of such a sign-in); absent otherwise.
     */
    public static final String CARD = "kyodo.signedIn.card";

    /** The identity provider alias of the デジタル認証アプリ in Keycloak (the token's {@code kyodo_idp}). */
    public static final String DIGITAL_AUTH = "digital-auth";

    /**
     * The 基本4情報 as the My Number card gave them at this sign-in (the デジタル認証アプリ's ID token, checked by Keycloak):
     * name, address, date of birth ({@code YYYY-MM-DD}), gender code, and the authentication context class
     * ({@code acr}) the app reported.
     */
    public record CardIdentity(String name, String address, String birthdate, String gender, String acr)
            implements java.io.Serializable {
    }

    /** The card of a デジタル認証アプリ sign-in, if this request's sign-in is one. */
    public static java.util.Optional<CardIdentity> card(HttpServletRequest request) {
        return request.getAttribute(CARD) instanceof CardIdentity c ? java.util.Optional.of(c) : java.util.Optional.empty();
    }

    private SignedIn() {
    }

    /**
     * True when a person is signed in to this request: verified by this server's sign-in mechanism, or carried by the
     * page session from a sign-in on another server (the pages module's filter puts either into the request's
     * principal). Pages ask this, not Jakarta Security's {@code SecurityContext}, which knows only this server's own
     * sign-ins.
     */
    public static boolean signedIn(HttpServletRequest request) {
        return request.getUserPrincipal() != null;
    }

    /** The business of a GビズID sign-in, if this request's sign-in is one. */
    public static java.util.Optional<Business> business(HttpServletRequest request) {
        return request.getAttribute(BUSINESS) instanceof Business b ? java.util.Optional.of(b) : java.util.Optional.empty();
    }

    /** True when the signed-in person's token names the city (its organization claim holds the code). */
    @SuppressWarnings("unchecked")
    public static boolean belongsTo(HttpServletRequest request, String cityCode) {
        Object check = request.getAttribute(CITY_CHECK);
        return check instanceof Predicate<?> p && ((Predicate<String>) p).test(cityCode);
    }

    /** True when the signed-in person holds the role in the request's city (see {@link #CITY_ROLES}). */
    public static boolean hasRole(HttpServletRequest request, String role) {
        return request.getAttribute(CITY_ROLES) instanceof java.util.Set<?> roles && roles.contains(role);
    }

    /** The immutable subject id of the signed-in person, if any. */
    public static java.util.Optional<String> subject(HttpServletRequest request) {
        return request.getAttribute(SUBJECT) instanceof String s && !s.isBlank() ? java.util.Optional.of(s)
                : java.util.Optional.empty();
    }

    /** The ID token of the sign-in of this request, if any. */
    public static java.util.Optional<String> idToken(HttpServletRequest request) {
        return request.getAttribute(ID_TOKEN) instanceof String s && !s.isBlank() ? java.util.Optional.of(s)
                : java.util.Optional.empty();
    }

    public static String displayName(HttpServletRequest request, String fallback) {
        Object name = request.getAttribute(DISPLAY_NAME);
        return name instanceof String s && !s.isBlank() ? s : fallback;
    }
}
