package jp.kyodo.tenant.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.transaction.Status;
import jakarta.transaction.SystemException;
import jakarta.transaction.UserTransaction;
import java.io.IOException;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * One database transaction for an ordinary read request ({@code GET} / {@code HEAD}) instead of one per service call.
 * Without it a page or API read took a transaction — each with its own {@code set_config('app.tenant_id', …)} round
 * trip and commit — for the role check ({@code city_member}), then for each service the page calls (settings, notices,
 * the citizen's record, the inbox…): 3–4 per request (docs/capacity.md, "One server: where the time goes"). Inside
 * this filter every {@code @Transactional(REQUIRED)} call of the request joins one JTA transaction; the tenant binding
 * ({@code TenantBinding}) is still made per transaction and per backend, and again whenever the bound city changes, so
 * row-level security sees exactly what it saw before. A request that touches no table opens no database transaction at
 * all (nothing is enlisted).
 *
 * <p>Only reads: a write request ({@code POST}, {@code PUT}, {@code DELETE}…) keeps its transactions as the services
 * declare them, because those commit before they answer and before anything leaves the server. Paths whose work
 * manages transactions itself (the vendor's city lifecycle with its step-by-step commits, statistics over all cities,
 * the integration resources with their partner systems) are left out by {@link #ordinary(String)}. The transaction is committed when the request is done,
 * rolled back when any part marked it for rollback (a service that threw).
 *
 * <p>Registered by each web module as a servlet filter on {@code /*} (deploy/liberty/web and deploy/liberty/api).
 */
public abstract class ReadRequestTransaction extends HttpFilter {

    private static final Logger LOG = Logger.getLogger(ReadRequestTransaction.class.getName());

    /** Paths (inside this module) that are ordinary reads; the rest keeps its services' own transactions. */
    protected abstract boolean ordinary(String path);

    /** True for a path that starts with one of the prefixes (a whole segment: {@code /v1/cities} but not {@code /v1/citiesx}). */
    protected static boolean under(String path, List<String> prefixes) {
        for (String p : prefixes) {
            if (path.equals(p) || path.startsWith(p + "/")) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String method = request.getMethod();
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!("GET".equals(method) || "HEAD".equals(method)) || !ordinary(path)) {
            chain.doFilter(request, response);
            return;
        }
        UserTransaction tx = userTransaction();
        if (tx == null || !begin(tx)) {
            chain.doFilter(request, response);
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            end(tx);
        }
    }

    private static boolean begin(UserTransaction tx) {
        try {
            if (tx.getStatus() != Status.STATUS_NO_TRANSACTION) {
                return false;
            }
            tx.begin();
            return true;
        } catch (Exception e) {
            LOG.log(Level.WARNING, "[kyodo] could not begin the request's transaction; the services open their own", e);
            return false;
        }
    }

    private static void end(UserTransaction tx) {
        try {
            int status = tx.getStatus();
            if (status == Status.STATUS_ACTIVE) {
                tx.commit();
            } else if (status != Status.STATUS_NO_TRANSACTION) {
                tx.rollback();
            }
        } catch (Exception e) {
            LOG.log(Level.WARNING, "[kyodo] the request's read transaction did not end cleanly", e);
            try {
                if (tx.getStatus() != Status.STATUS_NO_TRANSACTION) {
                    tx.rollback();
                }
            } catch (IllegalStateException | SecurityException | SystemException again) {
                LOG.log(Level.FINE, "rollback after a failed end", again);
            }
        }
    }

    private volatile UserTransaction userTransaction;

    private UserTransaction userTransaction() {
        UserTransaction tx = userTransaction;
        if (tx == null) {
            try {
                tx = (UserTransaction) new InitialContext().lookup("java:comp/UserTransaction");
                userTransaction = tx;
            } catch (NamingException e) {
                return null;
            }
        }
        return tx;
    }
}
