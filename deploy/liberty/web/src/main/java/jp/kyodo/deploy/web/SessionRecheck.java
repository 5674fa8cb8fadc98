package jp.kyodo.deploy.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.Collection;
import java.util.logging.Level;
import java.util.logging.Logger;
import jp.kyodo.tenant.identity.IdentityProviderException;
import jp.kyodo.tenant.identity.KeycloakAdmin;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Makes a page session follow Keycloak. A page session keeps the token of its sign-in; without a re-check, an account
 * deleted, disabled or taken out of a city in Keycloak would keep its pages until the session ends. So at most every
 * {@code kyodo.session.recheck-seconds} (default 60) per session, Keycloak is asked whether the account still exists,
 * is enabled and still belongs to every city of the sign-in; when not, the session ends. (Role changes, closing an
 * account in a city and suspending a city need no re-check: the role in the city and the city's status are read on
 * every request.) When Keycloak cannot be reached the session is kept and checked again on the next request.
 */
@ApplicationScoped
public class SessionRecheck {

    private static final Logger LOG = Logger.getLogger(SessionRecheck.class.getName());
    static final String CHECKED_AT = "kyodo.session.keycloakCheckedAt";

    @Inject
    @ConfigProperty(name = "kyodo.session.recheck-seconds", defaultValue = "60")
    long recheckSeconds;
    @Inject
    KeycloakAdmin keycloak;

    /** False when the session's account changed in Keycloak so that the session must end. */
    public boolean stillValid(HttpServletRequest request, String subject, Collection<String> cities) {
        HttpSession session = request.getSession(false);
        if (session == null || subject == null) {
            return true;
        }
        long now = System.currentTimeMillis();
        if (session.getAttribute(CHECKED_AT) instanceof Long at && now - at < recheckSeconds * 1000) {
            return true;
        }
        try {
            boolean valid = keycloak.isActive(subject) && keycloak.organizationAliasesOf(subject).containsAll(cities);
            if (valid) {
                session.setAttribute(CHECKED_AT, now);
            }
            return valid;
        } catch (IdentityProviderException unreachable) {
            LOG.log(Level.WARNING, "[kyodo] could not re-check a page session with Keycloak; trying again next request",
                    unreachable);
            return true;
        }
    }

    /**
     * A token Keycloak has just issued is itself such a check, made at its issue time: Keycloak issues it only to an
     * account that exists and is enabled, and its organization claim (the cities of the sign-in) is read from the
     * memberships at that moment. So a sign-in counts as checked at the token's {@code iat} (never later than now), and
     * the first re-check comes {@code kyodo.session.recheck-seconds} after it — not on the sign-in's first page, where
     * it asked Keycloak's admin API twice (the account, its organizations) about an account Keycloak had vouched for a
     * moment before (docs/capacity.md, session 18). A token issued long ago sets an old time, so it is re-checked at once;
     * a later check already recorded is kept.
     */
    static void checkedWhenIssued(HttpSession session, jakarta.json.JsonObject claims) {
        if (!(claims.get("iat") instanceof jakarta.json.JsonNumber iat)) {
            return;
        }
        long issued = Math.min(iat.longValue() * 1000, System.currentTimeMillis());
        if (!(session.getAttribute(CHECKED_AT) instanceof Long at && at >= issued)) {
            session.setAttribute(CHECKED_AT, issued);
        }
    }

    /** Ends the page session of this request (the person is signed out of Kyodo's pages). */
    static void end(HttpServletRequest request) {
        try {
            request.logout();
        } catch (ServletException e) {
            LOG.log(Level.FINE, "logout", e);
        }
        HttpSession session = request.getSession(false);
        if (session != null) {
            try {
                session.invalidate();
            } catch (IllegalStateException alreadyGone) {
                LOG.log(Level.FINE, "session already invalid", alreadyGone);
            }
        }
    }
}
