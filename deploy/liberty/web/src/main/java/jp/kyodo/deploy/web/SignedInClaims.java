package jp.kyodo.deploy.web;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.security.enterprise.identitystore.openid.OpenIdContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.Serializable;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import jp.kyodo.tenant.identity.CityRoles;
import jp.kyodo.tenant.pages.SignedIn;

/**
 * Hands the signed-in person's token claims to the pages, which live in the EAR's shared library where the OpenID
 * context is not injectable: the organization (city) claim and the display name go into request attributes read
 * through {@link SignedIn}. The page session follows Keycloak: every {@code kyodo.session.recheck-seconds} (default 60)
 * it is checked against Keycloak ({@link SessionRecheck}) and ended when the account is gone, disabled, or no longer in
 * a city of the sign-in.
 *
 * <p><b>Several servers.</b> The sign-in is verified once, by Liberty's OpenID Connect mechanism on the server that
 * received Keycloak's answer; that server keeps its own authenticated subject in memory. What the pages need of it is
 * written into the HTTP session as a small {@link SessionSignIn}, and the HTTP session is persisted in PostgreSQL
 * (Liberty's {@code sessionDatabase}, see docs/capacity.md "Several servers"). Another server that receives the same
 * session has no subject of its own: it takes the person from the session ({@link SessionPrincipal}), so pages,
 * forms and sign-out work on every server. The session is the one authority: a server whose in-memory subject
 * outlived its session (signed out on another server, or a replayed cookie after sign-out) ends that subject.
 */
public class SignedInClaims extends HttpFilter {

    private static final Logger LOG = Logger.getLogger(SignedInClaims.class.getName());

    @jakarta.inject.Inject
    SessionRecheck sessions;

    /**
     * The session-scoped OpenID context of Jakarta Security, resolved through this injected handle: a look-up through
     * {@code CDI.current()} on every signed-in request walked the stack to find the module's bean manager (3.3% of the
     * signed-in page's samples, docs/capacity.md). Each {@code get()} still answers the calling request's session.
     */
    @jakarta.inject.Inject
    jakarta.enterprise.inject.Instance<OpenIdContext> openIdContexts;

    static JsonObject payload(String jwt) {
        String[] parts = jwt.split("\\.");
        byte[] json = Base64.getUrlDecoder().decode(parts[1]);
        try (var reader = Json.createReader(new StringReader(new String(json, StandardCharsets.UTF_8)))) {
            return reader.readObject();
        }
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest passed = request;
        HttpSession session = request.getSession(false);
        Map<String, Object> before = portableState(session);
        if (request.getUserPrincipal() != null) {
            if (session == null) {
                // this server still holds a subject, but the page session it belonged to is gone: signed out (here or
                // on another server) or expired. The sign-in ends here as well.
                LOG.fine("a sign-in without its page session ended");
                SessionRecheck.end(request);
            } else {
                try {
                    OpenIdContext openId = openIdContexts.get();
                    // The mechanism has verified this access token (signature, issuer, expiry). Its claims are read
                    // with a JSON parser from the token itself: Liberty's Claims view lost the nested organization
                    // claim for some users in our tests (with katakana in the name claim). A new token (a sign-in
                    // again for another city, a new authentication) makes a new SessionSignIn, written at once.
                    SessionSignIn signIn = signInOf(request, session, openId);
                    boolean carried = signIn == before.get(SIGN_IN); // not read from a token in this request
                    if (carried && !stored.stillStored(request, session, signIn.subject())) {
                        signedOutElsewhere(request, signIn);
                    } else if (checked(request, signIn)) {
                        signedIn(request, signIn);
                    }
                } catch (RuntimeException notAnOpenIdSession) {
                    LOG.log(Level.FINE, "no OpenID claims for this request", notAnOpenIdSession);
                }
            }
        } else if (session != null && session.getAttribute(SIGN_IN) instanceof SessionSignIn signIn) {
            if (!stored.stillStored(request, session, signIn.subject())) {
                signedOutElsewhere(request, signIn);
            } else if (checked(request, signIn)) {
                // signed in on another server (or before this server restarted): the page session carries the person
                passed = new SessionPrincipal(request, signIn);
                signedIn(passed, signIn);
            }
        }
        try {
            chain.doFilter(passed, response);
        } finally {
            keepOnlyPortableState(request);
            writeIfChanged(request.getSession(false), before);
        }
    }

    /** Checks that a signed-in page session still exists in the session store (see {@link SessionStoreCheck}). */
    @jakarta.inject.Inject
    SessionStoreCheck stored;

    /**
     * The page session was ended on another server (signed out there, or ended by a Keycloak re-check there): this
     * server's copy of it is stale, and its own subject, if any, must not outlive it.
     */
    private static void signedOutElsewhere(HttpServletRequest request, SessionSignIn signIn) {
        LOG.info("[kyodo] page session of " + signIn.username() + " ended on another server: ended here too");
        SessionRecheck.end(request);
    }

    /**
     * What of the session travels to the other servers, by attribute: everything but Weld's entries (taken out, see
     * keepOnlyPortableState) and the time of the last Keycloak re-check (a lost one only makes the next check sooner).
     */
    static Map<String, Object> portableState(HttpSession session) {
        if (session == null) {
            return Map.of();
        }
        try {
            Map<String, Object> state = new HashMap<>();
            for (String name : Collections.list(session.getAttributeNames())) {
                if (!weld(name) && !SessionRecheck.CHECKED_AT.equals(name)) {
                    state.put(name, session.getAttribute(name));
                }
            }
            return state;
        } catch (IllegalStateException invalidated) {
            return Map.of();
        }
    }

    /**
     * Writes the session to the store now when this request changed what travels (an attribute set to another value,
     * or removed), so a server that continues it — or takes over after this one died — sees the change. Liberty's own
     * writer (TIME_BASED_WRITE, kyodo-common.xml) writes only the last-access time; an ordinary page changes nothing and
     * writes nothing. Weld's entries do not count: the sign-in mechanism touches the session-scoped OpenID context on
     * every request, Weld puts it into the session, and this filter takes it out again before the request ends (so
     * neither this write nor Liberty's timed writer, which skips a session while a request uses it, ever stores it).
     */
    static void writeIfChanged(HttpSession session, Map<String, Object> before) {
        if (session == null) {
            return;
        }
        Map<String, Object> after = portableState(session);
        if (after.equals(before)) {
            return;
        }
        if (LOG.isLoggable(Level.FINE)) {
            Set<String> changed = new java.util.TreeSet<>(before.keySet());
            changed.addAll(after.keySet());
            changed.removeIf(n -> java.util.Objects.equals(before.get(n), after.get(n)));
            LOG.fine("page session written now; changed: " + changed);
        }
        try {
            session.getClass().getMethod("sync").invoke(session); // Liberty's IBMSession#sync: written now
        } catch (NoSuchMethodException notLiberty) {
            LOG.log(Level.FINE, "no IBMSession#sync: the session is written by the container's own schedule", notLiberty);
        } catch (ReflectiveOperationException | RuntimeException failed) {
            LOG.log(Level.WARNING, "[kyodo] the page session could not be written to the session store now", failed);
        }
    }

    /**
     * The business of a GビズID sign-in: the claims Keycloak's {@code kyodo-web} client adds from the session notes of a
     * sign-in brokered by the identity provider {@code gbizid} ({@code kyodo_idp}); null for any other sign-in.
     */
    static SignedIn.Business business(JsonObject claims) {
        String idp = claims.getString("kyodo_idp", null);
        if (idp != null && !SignedIn.GBIZID.equals(idp) || claims.getString("gbiz_account_type", "").isEmpty()) {
            return null; // another identity provider, or a sign-in without GビズID's session notes
        }
        String address = String.join("", claims.getString("gbiz_prefecture_name", ""), claims.getString("gbiz_address1", ""),
                claims.getString("gbiz_address2", ""));
        return new SignedIn.Business(claims.getString("gbiz_account_type", ""), claims.getString("gbiz_corp_type", ""),
                claims.getString("gbiz_corporate_number", ""), claims.getString("gbiz_name", ""), address);
    }

    /**
     * The My Number card of a デジタル認証アプリ sign-in: the {@code card_*} claims Keycloak's {@code kyodo-web} client adds
     * from the session notes of a sign-in brokered by the identity provider {@code digital-auth}; null for any other.
     */
    static SignedIn.CardIdentity card(JsonObject claims) {
        if (!SignedIn.DIGITAL_AUTH.equals(claims.getString("kyodo_idp", null)) || claims.getString("card_name", "").isBlank()) {
            return null;
        }
        return new SignedIn.CardIdentity(claims.getString("card_name"), claims.getString("card_address", ""),
                claims.getString("card_birthdate", ""), claims.getString("card_gender", ""), claims.getString("card_acr", null));
    }

    /** Weld's session attribute with the hash of its bean identifier index (see keepOnlyPortableState). */
    static final String WELD_INDEX_HASH = "WELD_S_HASH";

    /**
     * The OpenID context is a session-scoped CDI bean (Jakarta Security), so Weld keeps this server's instance of it in
     * the HTTP session. Its class is internal to Liberty's security runtime: another server cannot read it back, and one
     * unreadable attribute makes the whole persisted session unreadable there. It is always recreated from this
     * server's own subject, so it is taken out of the session at the end of each request (with any other
     * session-scoped bean instance: the pages keep none, all their session state is plain serializable attributes);
     * the session keeps {@link SessionSignIn}, which every server reads.
     */
    static boolean keepOnlyPortableState(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return false;
        }
        boolean removed = false;
        try {
            for (String name : java.util.Collections.list(session.getAttributeNames())) {
                // Weld may name the attribute by an index rather than the bean's id, so every session-scoped bean
                // instance goes: the pages have none of their own (their session state is plain attributes). With
                // them goes Weld's hash of this server's bean index (WELD_S_HASH): Weld refuses a session whose hash
                // differs from its own (WELD-000227, then no request context at all), and the hash differs whenever
                // the other server's deployment differs (another application name, or a rolling upgrade's other
                // version); with no bean instance left in the session it protects nothing
                if (weld(name)) {
                    session.removeAttribute(name);
                    removed = true;
                }
            }
        } catch (IllegalStateException invalidated) {
            LOG.log(Level.FINE, "session ended during the request", invalidated);
        }
        return removed;
    }

    private static boolean weld(String attribute) {
        return attribute.startsWith("WELD_S#") || WELD_INDEX_HASH.equals(attribute);
    }

    /** Runs the Keycloak re-check; false (and the session ended) when the account changed in Keycloak. */
    private boolean checked(HttpServletRequest request, SessionSignIn signIn) {
        if (sessions.stillValid(request, signIn.subject(), signIn.cities())) {
            return true;
        }
        // the account was deleted or disabled in Keycloak, or left a city of this sign-in: the page session ends here,
        // and the next page asks Keycloak again
        LOG.info("[kyodo] page session of " + signIn.username() + " ended: the account changed in Keycloak");
        SessionRecheck.end(request);
        return false;
    }

    /**
     * What the pages need of a sign-in, kept in the page session (so every server sees it): about 2 KB, of which the
     * ID token (for Keycloak's sign-out) is most. The access token itself is not kept, only its hash, to notice a
     * refreshed token.
     */
    record SessionSignIn(String tokenHash, String username, String subject, String name, Set<String> cities,
                         Set<String> platformRoles, String idToken, SignedIn.Business business,
                         SignedIn.CardIdentity card) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    static final String SIGN_IN = "kyodo.signIn";

    /**
     * The sign-in of the session, made from the mechanism's tokens once per access token (a refreshed token is read
     * again) instead of on every page.
     */
    static SessionSignIn signInOf(HttpServletRequest request, HttpSession session, OpenIdContext openId) {
        String token = openId.getAccessToken().getToken();
        String hash = hash(token);
        if (session.getAttribute(SIGN_IN) instanceof SessionSignIn known && known.tokenHash().equals(hash)) {
            return known;
        }
        JsonObject claims = payload(token);
        JsonObject orgs = claims.containsKey(SignedIn.ORGANIZATION_CLAIM)
                && claims.get(SignedIn.ORGANIZATION_CLAIM).getValueType() == JsonValue.ValueType.OBJECT
                ? claims.getJsonObject(SignedIn.ORGANIZATION_CLAIM) : JsonValue.EMPTY_JSON_OBJECT;
        Set<String> platform = CityRoles.PLATFORM_ROLES.stream().filter(request::isUserInRole).collect(Collectors.toUnmodifiableSet());
        SessionSignIn parsed = new SessionSignIn(hash, request.getUserPrincipal().getName(), claims.getString("sub", null),
                claims.getString("name", null), Set.copyOf(orgs.keySet()), platform, openId.getIdentityToken().getToken(), business(claims),
                card(claims));
        session.setAttribute(SIGN_IN, parsed);
        SessionRecheck.checkedWhenIssued(session, claims);
        return parsed;
    }

    static String hash(String token) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void signedIn(HttpServletRequest request, SessionSignIn signIn) {
        request.setAttribute(SignedIn.CITY_CHECK, (Predicate<String>) signIn.cities()::contains);
        request.setAttribute(SignedIn.SUBJECT, signIn.subject());
        request.setAttribute(SignedIn.DISPLAY_NAME, signIn.name());
        if (signIn.business() != null) {
            request.setAttribute(SignedIn.BUSINESS, signIn.business());
        }
        if (signIn.card() != null) {
            request.setAttribute(SignedIn.CARD, signIn.card());
        }
        request.setAttribute(SignedIn.ID_TOKEN, signIn.idToken());
        // read from the sign-in's token by the container's isUserInRole when the token was new (signInOf), or the
        // session's own roles on a server that did not see the sign-in (SessionPrincipal): what the container answers
        request.setAttribute(SignedIn.PLATFORM_ROLES, signIn.platformRoles());
        // only a signed-in page session may send bodies above the visitor's 1 MiB (files), see RefusedBodyGuard
        HttpSession session = request.getSession(false);
        if (session != null && !Boolean.TRUE.equals(session.getAttribute(jp.kyodo.tenant.web.RefusedBodyGuard.SIGNED_IN_SESSION))) {
            session.setAttribute(jp.kyodo.tenant.web.RefusedBodyGuard.SIGNED_IN_SESSION, Boolean.TRUE);
        }
    }

    /** The person of a page session signed in on another server: the user name and the platform roles of the sign-in. */
    static final class SessionPrincipal extends HttpServletRequestWrapper {
        private final SessionSignIn signIn;
        private final Principal principal;

        SessionPrincipal(HttpServletRequest request, SessionSignIn signIn) {
            super(request);
            this.signIn = signIn;
            String name = signIn.username();
            this.principal = () -> name;
        }

        @Override
        public Principal getUserPrincipal() {
            return principal;
        }

        @Override
        public String getRemoteUser() {
            return signIn.username();
        }

        @Override
        public boolean isUserInRole(String role) {
            return signIn.platformRoles().contains(role);
        }

        @Override
        public String getAuthType() {
            return "KYODO_SESSION";
        }
    }
}
