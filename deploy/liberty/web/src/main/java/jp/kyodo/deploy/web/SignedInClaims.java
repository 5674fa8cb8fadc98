package jp.kyodo.deploy.web;

import jakarta.security.enterprise.identitystore.openid.OpenIdContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Base64;
import java.nio.charset.StandardCharsets;
import java.io.StringReader;
import jakarta.json.JsonValue;
import jakarta.json.JsonObject;
import jakarta.json.Json;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import jp.kyodo.tenant.pages.SignedIn;

/**
 * Hands the signed-in person's token claims to the pages, which live in the EAR's shared library
 * where the OpenID context is not injectable: the organization (city) claim and the display name
 * go into request attributes read through {@link SignedIn}. The page session follows Keycloak: every
 * {@code kyodo.session.recheck-seconds} (default 60) it is checked against Keycloak ({@link SessionRecheck}) and ended
 * when the account is gone, disabled, or no longer in a city of the sign-in.
 */
@WebFilter("/*")
public class SignedInClaims extends HttpFilter {

    private static final Logger LOG = Logger.getLogger(SignedInClaims.class.getName());

    @jakarta.inject.Inject
    SessionRecheck sessions;

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
        if (request.getUserPrincipal() != null) {
            try {
                OpenIdContext openId = jakarta.enterprise.inject.spi.CDI.current().select(OpenIdContext.class).get();
                // The mechanism has verified this access token (signature, issuer, expiry). Its claims are read
                // with a JSON parser from the token itself: Liberty's Claims view lost the nested organization
                // claim for some users in our tests (with katakana in the name claim).
                TokenClaims claims = claimsOf(request, openId.getAccessToken().getToken());
                if (!sessions.stillValid(request, claims.subject(), claims.cities())) {
                    // the account was deleted or disabled in Keycloak, or left a city of this sign-in: the page
                    // session ends here, and the next page asks Keycloak again
                    LOG.info("[kyodo] page session of " + request.getUserPrincipal().getName()
                            + " ended: the account changed in Keycloak");
                    SessionRecheck.end(request);
                } else {
                    signedIn(request, openId, claims);
                }
            } catch (RuntimeException notAnOpenIdSession) {
                LOG.log(Level.FINE, "no OpenID claims for this request", notAnOpenIdSession);
            }
        }
        chain.doFilter(request, response);
    }

    /** What the pages need of a sign-in's access token. */
    record TokenClaims(String token, String subject, String name, java.util.Set<String> cities, SignedIn.Business business,
                       SignedIn.CardIdentity card) implements java.io.Serializable {
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

    static final String CLAIMS = "kyodo.signIn.claims";

    /**
     * The claims of the session's access token, parsed once per token (kept in the session next to the token the
     * mechanism keeps there; a refreshed token is parsed again) instead of on every page.
     */
    static TokenClaims claimsOf(HttpServletRequest request, String token) {
        jakarta.servlet.http.HttpSession session = request.getSession(false);
        if (session != null && session.getAttribute(CLAIMS) instanceof TokenClaims known && known.token().equals(token)) {
            return known;
        }
        JsonObject claims = payload(token);
        JsonObject orgs = claims.containsKey(SignedIn.ORGANIZATION_CLAIM)
                && claims.get(SignedIn.ORGANIZATION_CLAIM).getValueType() == JsonValue.ValueType.OBJECT
                ? claims.getJsonObject(SignedIn.ORGANIZATION_CLAIM) : JsonValue.EMPTY_JSON_OBJECT;
        TokenClaims parsed = new TokenClaims(token, claims.getString("sub", null), claims.getString("name", null),
                java.util.Set.copyOf(orgs.keySet()), business(claims), card(claims));
        if (session != null) {
            session.setAttribute(CLAIMS, parsed);
        }
        return parsed;
    }

    private static void signedIn(HttpServletRequest request, OpenIdContext openId, TokenClaims claims) {
        request.setAttribute(SignedIn.CITY_CHECK, (Predicate<String>) claims.cities()::contains);
        request.setAttribute(SignedIn.SUBJECT, claims.subject());
        request.setAttribute(SignedIn.DISPLAY_NAME, claims.name());
        if (claims.business() != null) {
            request.setAttribute(SignedIn.BUSINESS, claims.business());
        }
        if (claims.card() != null) {
            request.setAttribute(SignedIn.CARD, claims.card());
        }
        request.setAttribute(SignedIn.ID_TOKEN, openId.getIdentityToken().getToken());
        // only a signed-in page session may send bodies above the visitor's 1 MiB (files), see RefusedBodyGuard
        jakarta.servlet.http.HttpSession session = request.getSession(false);
        if (session != null && !Boolean.TRUE.equals(session.getAttribute(jp.kyodo.tenant.web.RefusedBodyGuard.SIGNED_IN_SESSION))) {
            session.setAttribute(jp.kyodo.tenant.web.RefusedBodyGuard.SIGNED_IN_SESSION, Boolean.TRUE);
        }
    }
}
