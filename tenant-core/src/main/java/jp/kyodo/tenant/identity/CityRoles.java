package jp.kyodo.tenant.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import jp.kyodo.tenant.DevMode;
import jp.kyodo.tenant.TenantContext;

/**
 * Who holds which role where. A city role ({@link #CITY_ROLES}) is held in one city only: it is the {@code role} of the
 * person's {@code city_member} row in that city, found by the immutable Keycloak subject id ({@code sub}) of the
 * verified token. Realm roles of the token count only when they are platform roles ({@link #PLATFORM_ROLES}), which
 * belong to no city. So a citizen of city A who is staff of city B is a citizen in A and staff in B, and nothing else.
 */
@ApplicationScoped
public class CityRoles {

    /** Roles held per city (in {@code city_member}). */
    public static final Set<String> CITY_ROLES = Set.of("citizen", "operator", "staff", "city-admin");
    /** Roles of the platform (Keycloak realm roles), held in no city. */
    public static final Set<String> PLATFORM_ROLES = Set.of("vendor", "national-analyst");
    /** Staff-side roles: the ones that must sign in with a second factor in production. */
    public static final Set<String> STAFF_ROLES = Set.of("operator", "staff", "city-admin");

    /** User names reserved for the first administrator that onboarding creates ({@code admin-<code>}). */
    public static final Pattern RESERVED_USERNAME = Pattern.compile("(?i)admin-\\d{6}");

    /** How long a positive "has an authenticator app" answer from Keycloak is reused. */
    static final Duration SECOND_FACTOR_CACHE = Duration.ofSeconds(60);

    @PersistenceContext(unitName = "kyodo")
    EntityManager em;
    @Inject
    TenantContext tenant;
    @Inject
    KeycloakAdmin keycloak;

    private final Map<String, Instant> secondFactorSeen = new ConcurrentHashMap<>();
    /** Per subject of a platform role: when an authenticator app was last seen in Keycloak. */
    private final Map<String, Instant> platformFactorSeen = new ConcurrentHashMap<>();

    /**
     * The role the subject holds in the request's (bound) city, if any. Outside dev mode a staff-side role
     * ({@link #STAFF_ROLES}) counts only for an account with an authenticator app: Keycloak's browser flow then asks
     * for its code at every sign-in, so staff and administrators always sign in with a second factor.
     */
    @Transactional
    public Optional<String> roleInCity(String subject) {
        if (subject == null || subject.isBlank()) {
            return Optional.empty();
        }
        tenant.city();
        Optional<String> role = em.createQuery("select m.role from MemberRow m where m.keycloakUserId = :sub",
                String.class).setParameter("sub", subject).getResultStream().findFirst();
        if (role.isPresent() && STAFF_ROLES.contains(role.get()) && !DevMode.on() && !hasSecondFactor(subject)) {
            return Optional.empty();
        }
        return role;
    }

    private boolean hasSecondFactor(String subject) {
        Instant seen = secondFactorSeen.get(subject);
        if (seen != null && seen.plus(SECOND_FACTOR_CACHE).isAfter(Instant.now())) {
            return true;
        }
        boolean has = !keycloak.authenticatorApps(subject).isEmpty();
        if (has) {
            secondFactorSeen.put(subject, Instant.now());
        } else {
            secondFactorSeen.remove(subject);
        }
        return has;
    }

    /**
     * Whether a platform role ({@link #PLATFORM_ROLES}: vendor, national analyst) may be used by this account: only
     * when it has an authenticator app in Keycloak, in dev mode too. Keycloak's browser flow and its password-grant
     * flow (dev realm only) ask every account with an app for its one-time code at every sign-in ("conditional OTP,
     * user configured"), so such an account's tokens come from sign-ins made with a second factor. A token obtained
     * before the app was added stays valid for at most its lifetime. A positive answer is reused for
     * {@link #SECOND_FACTOR_CACHE}. See docs/tenancy.md, "Second factor for the platform roles".
     */
    public boolean platformSecondFactor(String subject) {
        if (subject == null || subject.isBlank()) {
            return false;
        }
        Instant seen = platformFactorSeen.get(subject);
        if (seen != null && seen.plus(SECOND_FACTOR_CACHE).isAfter(Instant.now())) {
            return true;
        }
        if (keycloak.authenticatorApps(subject).isEmpty()) {
            platformFactorSeen.remove(subject);
            java.util.logging.Logger.getLogger(CityRoles.class.getName()).info(
                    "[kyodo] platform role refused: account " + subject + " has no authenticator app");
            return false;
        }
        platformFactorSeen.put(subject, Instant.now());
        return true;
    }

    /**
     * The roles of a caller in the request's city: the platform roles among the token's realm roles, plus the city
     * role held in the bound city (none when no city is bound).
     */
    @Transactional // the city role is read inside the transaction that binds the city (a call on this bean's proxy)
    public Set<String> rolesOf(String subject, Collection<String> tokenRoles) {
        Set<String> roles = new HashSet<>(platformRoles(tokenRoles));
        if (tenant.current().isPresent()) {
            roleInCity(subject).ifPresent(roles::add);
        }
        return Set.copyOf(roles);
    }

    /** Only the platform roles of a token; city roles in a token are ignored (they would hold in every city). */
    public static Set<String> platformRoles(Collection<String> tokenRoles) {
        Set<String> out = new HashSet<>();
        if (tokenRoles != null) {
            tokenRoles.stream().filter(PLATFORM_ROLES::contains).forEach(out::add);
        }
        return Set.copyOf(out);
    }

    /** True for {@code admin-<6 digits>}, the names only onboarding may create. */
    public static boolean isReserved(String username) {
        return username != null && RESERVED_USERNAME.matcher(username).matches();
    }
}
