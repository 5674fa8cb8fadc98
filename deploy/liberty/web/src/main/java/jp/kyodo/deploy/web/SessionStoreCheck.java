package jp.kyodo.deploy.web;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.logging.Logger;
import javax.sql.DataSource;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.CityDirectory;
import jp.kyodo.tenant.identity.CityRoles;

/**
 * Whether a signed-in page session still exists in the session store (table {@code kyodo_http_session}, migration V8).
 *
 * <p>Each server serves a session from its own memory while the browser stays with it, and reads the store only when
 * another server has changed the session since (Liberty's cache id in the cookie). A sign-out on another server deletes
 * the session's row, but the cache id the browser sends back can be one this server already knows (the cookies of
 * before the sign-out, replayed). So for a signed-in session, and only for one, each request asks the store whether the
 * row is still there: one indexed read through the application's data source, inside the request's own transaction
 * (the page's read transaction, {@code PageReadTransaction}, which the page needs anyway for the role in the city), so
 * an ordinary signed-in page still costs one database transaction. A request outside a read transaction (a form post,
 * a console page) pays it as a short read of its own. On a city page the same statement also reads the person's role in
 * that city for the tenant filter ({@link #stillStored(HttpServletRequest, HttpSession, String)}, migration V18), so the
 * two checks of a signed-in page cost one round trip. When the store cannot be read the answer is "no": the person is
 * asked to sign in again rather than let in on a session that may have ended.
 */
@ApplicationScoped
public class SessionStoreCheck {

    private static final Logger LOG = Logger.getLogger(SessionStoreCheck.class.getName());
    static final String SQL = "SELECT 1 FROM kyodo_http_session WHERE id = ? LIMIT 1";

    @Resource(lookup = "jdbc/kyodo")
    DataSource dataSource;

    @Inject
    CityDirectory directory;
    @Inject
    CityRoles roles;

    private static final Pattern CITY_PATH = Pattern.compile("^/c/([^/]+)(/.*)?$");

    /**
     * True while the session's row is in the store (the session was not ended on any server). On a page of an active
     * city ({@code /c/<code>/…}) with the signed-in {@code subject} known, the same statement also reads the subject's
     * role in that city ({@link CityRoles#sessionAndRole}, one round trip instead of two) and leaves it for the role
     * check of the request's tenant filter (request attribute {@link CityRoles#SESSION_AND_ROLE}), which uses it only
     * for the city it binds and the same subject.
     */
    public boolean stillStored(HttpServletRequest request, HttpSession session, String subject) {
        String id;
        try {
            id = session.getId();
        } catch (IllegalStateException invalidated) {
            return false;
        }
        Optional<City> city = subject == null || subject.isBlank() ? Optional.empty() : cityOfPath(request);
        if (city.isPresent()) {
            try {
                CityRoles.SessionAndRole read = roles.sessionAndRole(id, city.get().id(), subject);
                if (read.stored()) {
                    request.setAttribute(CityRoles.SESSION_AND_ROLE, read);
                }
                return read.stored();
            } catch (SQLException | RuntimeException e) {
                LOG.log(Level.WARNING, "[kyodo] the session store could not be read: the page session is not trusted", e);
                return false;
            }
        }
        return stillStored(id);
    }

    /** The active city of a city page's path, from the in-memory registry; empty for any other path. */
    private Optional<City> cityOfPath(HttpServletRequest request) {
        Matcher m = CITY_PATH.matcher(request.getRequestURI().substring(request.getContextPath().length()));
        return m.matches() ? directory.byCode(m.group(1)).filter(City::isActive) : Optional.empty();
    }

    private boolean stillStored(String id) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(SQL)) {
            s.setString(1, id);
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "[kyodo] the session store could not be read: the page session is not trusted", e);
            return false;
        }
    }
}
