package jp.kyodo.tenant.internal;

import java.sql.SQLException;
import jp.kyodo.tenant.TenantBinding;
import org.eclipse.persistence.internal.databaseaccess.Accessor;
import org.eclipse.persistence.sessions.SessionEvent;
import org.eclipse.persistence.sessions.SessionEventAdapter;

/**
 * EclipseLink hook (persistence property {@code eclipselink.session-event-listener}): each time
 * EclipseLink takes a connection, the request's city is bound on it for the running transaction.
 */
public class TenantConnectionBinder extends SessionEventAdapter {

    @Override
    public void postAcquireConnection(SessionEvent event) {
        Accessor accessor = (Accessor) event.getResult();
        try {
            TenantBinding.bind(accessor.getConnection());
        } catch (SQLException e) {
            throw new IllegalStateException("could not bind the tenant on the connection", e);
        }
    }
}
