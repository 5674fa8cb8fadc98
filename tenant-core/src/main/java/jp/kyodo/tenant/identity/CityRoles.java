package jp.kyodo.tenant.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import jp.kyodo.tenant.DevMode;
import jp.kyodo.tenant.NoticesVersion;
import jp.kyodo.tenant.TenantBinding;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.settings.CitySettings;
import jp.kyodo.tenant.settings.internal.CitySettingsRow;
import jp.kyodo.tenant.settings.internal.RequestSettings;

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
     *
     * <p>Read from the database on every call, in one statement and one round trip ({@code kyodo_role_in_city},
     * migration V17: it binds the city for the running transaction as {@link TenantBinding} does and reads
     * {@code city_member} as the application role, under row-level security). Inside the request's transaction (an
     * ordinary read, {@code ReadRequestTransaction}) it is part of that transaction, and the city it bound is recorded
     * so the request's next statements on that connection do not bind it again. Outside one (a write request, before its
     * services open their own transactions) it runs alone in autocommit: one implicit transaction of one statement
     * instead of a JTA transaction of four round trips (begin with the binding, the query, the commit); the binding ends
     * with it. A role removed or changed, or a member closed, is seen by the next request on any server.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<String> roleInCity(String subject) {
        return roleInCity(subject, null);
    }

    /**
     * As {@link #roleInCity(String)}, but taking the role from {@code read} when it was read in this request together
     * with the page session's check ({@link #sessionAndRole}) for the same subject in the city now bound; otherwise
     * (another city, another subject, or none) read as above. Either way the role comes from {@code city_member} in
     * this request, and the second-factor rule below applies to it.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<String> roleInCity(String subject, SessionAndRole read) {
        if (subject == null || subject.isBlank()) {
            return Optional.empty();
        }
        UUID city = tenant.city().id();
        Optional<String> role = read != null && read.stored() && read.city().equals(city) && read.subject().equals(subject)
                ? read.role() : readRole(city, subject);
        if (role.isPresent() && STAFF_ROLES.contains(role.get()) && !DevMode.on() && !hasSecondFactor(subject)) {
            return Optional.empty();
        }
        return role;
    }

    private static final String ROLE_IN_CITY = "SELECT kyodo_role_in_city(?, ?)";

    private Optional<String> readRole(UUID city, String subject) {
        try (Connection connection = dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(ROLE_IN_CITY)) {
            statement.setObject(1, city);
            statement.setString(2, subject);
            String role;
            try (ResultSet rows = statement.executeQuery()) {
                role = rows.next() ? rows.getString(1) : null;
            }
            TenantBinding.boundOn(connection, city);
            return Optional.ofNullable(role);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the caller's role in the city", e);
        }
    }

    /**
     * What {@link #sessionAndRole} read: whether the page session {@code sessionId} is still in the session store, and
     * the role {@code subject} holds in {@code city}. Kept only as a request attribute ({@link #SESSION_AND_ROLE}) of
     * the request that read it, for {@link #roleInCity(String, SessionAndRole)}.
     */
    public record SessionAndRole(boolean stored, UUID city, String subject, Optional<String> role) {
    }

    /**
     * The city's settings read by the same statement ({@link #sessionAndRole}, migration V21) are handed to the
     * request's settings memo ({@code RequestSettings}: this request and this city only), so the page's module switch
     * and its frame need no statement of their own. Outside a request (no request context) nothing is kept.
     */
    @Inject
    RequestSettings requestSettings;

    /** The request attribute under which the page filters hand a {@link SessionAndRole} to the role check. */
    public static final String SESSION_AND_ROLE = "kyodo.sessionAndRole";

    private static final String SESSION_AND_ROLE_IN_CITY = "SELECT session_stored, member_role, settings_found, display_name,"
            + " primary_color, secondary_color, logo_url, languages, enabled_modules, notices_version"
            + " FROM kyodo_session_role_in_city_with_settings_and_notices(?, ?, ?)";

    /**
     * A signed-in page's session check and its role check in one statement and one round trip
     * ({@code kyodo_session_role_in_city_with_settings_and_notices}, migration V22; V21 without the notices' version, V18 without the
     * settings either): whether the page
     * session's row is still in the session
     * store ({@code kyodo_http_session}; a sign-out on any server deletes it) and the caller's role in {@code city},
     * read after binding {@code city} for the running transaction exactly as {@link #roleInCity(String)} does (the
     * binding is recorded for {@link TenantBinding}). Inside the request's read transaction it is part of it; outside
     * one, one autocommit statement. The same statement reads the city's settings (handed to the request's settings
     * memo) and its notices' version (kept in the transaction, {@link NoticesVersion}; outside a transaction not kept).
     * Throws when the store cannot be read: the caller must then treat the session as ended.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public SessionAndRole sessionAndRole(String sessionId, UUID city, String subject) throws SQLException {
        try (Connection connection = dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(SESSION_AND_ROLE_IN_CITY)) {
            statement.setString(1, sessionId);
            statement.setObject(2, city);
            statement.setString(3, subject);
            boolean stored;
            String role;
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    throw new SQLException("kyodo_session_role_in_city answered no row");
                }
                stored = rows.getBoolean(1);
                role = rows.getString(2);
                if (rows.getBoolean(3)) {
                    rememberSettings(city, new CitySettingsRow.Columns(rows.getString(4), rows.getString(5),
                            rows.getString(6), rows.getString(7), rows.getString(8), rows.getString(9)).toSettings());
                }
                // the city's notices version, read under the same binding: in the request's transaction only, so that
                // the notices' list of this transaction may be answered from a copy of the same version
                NoticesVersion.read(city, rows.getLong(10));
            }
            TenantBinding.boundOn(connection, city);
            return new SessionAndRole(stored, city, subject, Optional.ofNullable(role));
        }
    }

    /** The settings read with the session and the role, for this request and {@code city} only. */
    private void rememberSettings(UUID city, CitySettings read) {
        try {
            requestSettings.put(city, read);
        } catch (ContextNotActiveException noRequest) {
            // not in a request: nothing to remember it in
        }
    }

    /** The persistence unit's data source ({@code jdbc/kyodo}), looked up once. */
    private volatile DataSource dataSource;

    private DataSource dataSource() {
        DataSource ds = dataSource;
        if (ds == null) {
            try {
                ds = (DataSource) new InitialContext().lookup(DATA_SOURCE);
            } catch (NamingException e) {
                throw new IllegalStateException("no data source " + DATA_SOURCE, e);
            }
            dataSource = ds;
        }
        return ds;
    }

    /** The JTA data source of the persistence unit {@code kyodo} (META-INF/persistence.xml). */
    static final String DATA_SOURCE = "jdbc/kyodo";

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
    @Transactional(Transactional.TxType.SUPPORTS) // the request's transaction when there is one (see roleInCity)
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
