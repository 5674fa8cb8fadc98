package jp.kyodo.tenant;

import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Hands the request's city to PostgreSQL: {@code set_config('app.tenant_id', id, true)} on the
 * connection, once per JTA transaction and backend, so row-level security filters every statement.
 * Transaction-local by construction: when the transaction ends the setting is gone, so a pooled
 * connection never carries a city into the next use. Outside a transaction nothing is bound and
 * tenant tables read as empty (fail closed).
 */
public final class TenantBinding {

    private static final String KEY = "kyodo.tenant.binding.";

    private TenantBinding() {
    }

    /** Binds the current city on a connection used inside the current JTA transaction. */
    public static void bind(Connection connection) throws SQLException {
        TransactionSynchronizationRegistry tsr = registry();
        if (tsr == null || tsr.getTransactionStatus() != Status.STATUS_ACTIVE) {
            return;
        }
        String tenant = currentTenant().map(UUID::toString).orElse("");
        String key = KEY + backendId(connection);
        Object bound = tsr.getResource(key);
        if (Objects.equals(bound, tenant)) {
            return;
        }
        if (bound == null && tenant.isEmpty()) {
            // no city, and none bound in this transaction: the setting is already unset (it is only ever
            // set transaction-local), so the round trip is saved (city look-ups of the tenant filter)
            tsr.putResource(key, tenant);
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement("SELECT set_config('app.tenant_id', ?, true)")) {
            ps.setString(1, tenant);
            ps.execute();
        }
        tsr.putResource(key, tenant);
    }

    /**
     * Records that a statement on this connection has bound {@code city} for the current JTA transaction itself
     * ({@code kyodo_role_in_city} does, with the same transaction-local {@code set_config}), so that {@link #bind}
     * does not send the same binding again on that backend. Outside a transaction nothing is recorded: there the
     * binding ended with the statement's own implicit transaction.
     */
    public static void boundOn(Connection connection, UUID city) {
        TransactionSynchronizationRegistry tsr = registry();
        if (tsr == null || tsr.getTransactionStatus() != Status.STATUS_ACTIVE || city == null) {
            return;
        }
        tsr.putResource(KEY + backendId(connection), city.toString());
    }

    static java.util.Optional<UUID> currentTenant() {
        try {
            return tenantContext().tenantId();
        } catch (ContextNotActiveException | IllegalStateException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * The request-scoped {@link TenantContext}'s client proxy, resolved once per module (the thread's context class
     * loader, which is what {@code CDI.current()} goes by) instead of on every connection use: resolving it was about a
     * quarter of a one-query request's database time. A client proxy holds no state of its own; each call reaches the
     * calling thread's current request context, so a kept proxy answers exactly what a fresh one would.
     */
    private static final Map<ClassLoader, TenantContext> CONTEXTS = new ConcurrentHashMap<>();

    private static TenantContext tenantContext() {
        ClassLoader module = Thread.currentThread().getContextClassLoader();
        if (module == null) {
            return CDI.current().select(TenantContext.class).get();
        }
        TenantContext known = CONTEXTS.get(module);
        if (known == null) {
            known = CDI.current().select(TenantContext.class).get();
            CONTEXTS.put(module, known);
        }
        return known;
    }

    private static String backendId(Connection connection) {
        try {
            return String.valueOf(connection.unwrap(org.postgresql.PGConnection.class).getBackendPID());
        } catch (SQLException | RuntimeException | LinkageError e) {
            return "c" + System.identityHashCode(connection);
        }
    }

    /** The server's registry when a JTA transaction is active on this thread, else null. */
    static TransactionSynchronizationRegistry activeRegistry() {
        TransactionSynchronizationRegistry tsr = registry();
        return tsr != null && tsr.getTransactionStatus() == Status.STATUS_ACTIVE ? tsr : null;
    }

    /** The server's registry, looked up once (a JNDI look-up on every connection use was measurable). */
    private static volatile TransactionSynchronizationRegistry registry;

    private static TransactionSynchronizationRegistry registry() {
        TransactionSynchronizationRegistry r = registry;
        if (r != null) {
            return r;
        }
        try {
            r = (TransactionSynchronizationRegistry) new InitialContext()
                    .lookup("java:comp/TransactionSynchronizationRegistry");
            registry = r;
            return r;
        } catch (NamingException e) {
            return null;
        }
    }
}
