package jp.kyodo.deploy.web;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.servlet.http.HttpSession;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

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
 * a console page) pays it as a short read of its own. When the store cannot be read the answer is "no": the person is
 * asked to sign in again rather than let in on a session that may have ended.
 */
@ApplicationScoped
public class SessionStoreCheck {

    private static final Logger LOG = Logger.getLogger(SessionStoreCheck.class.getName());
    static final String SQL = "SELECT 1 FROM kyodo_http_session WHERE id = ? LIMIT 1";

    @Resource(lookup = "jdbc/kyodo")
    DataSource dataSource;

    /** True while the session's row is in the store (the session was not ended on any server). */
    public boolean stillStored(HttpSession session) {
        String id;
        try {
            id = session.getId();
        } catch (IllegalStateException invalidated) {
            return false;
        }
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
