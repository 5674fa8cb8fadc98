package jp.kyodo.integration.internal;

import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.spi.TransactedPolicy;

/**
 * Camel's {@code transacted()} for routes that write to the database: the rest of the route runs in one JTA
 * transaction (REQUIRED) with the route's city bound, and a failure anywhere in it rolls the whole of it back.
 * camel-jta's policy needs a {@code TransactionManager}, which Liberty does not expose; this one goes through
 * the CDI transaction interceptor instead. Routes using it have no error handler of their own: the failure
 * propagates to the calling route, whose route configuration redelivers (each time a new transaction).
 */
public class JtaTransactionPolicy implements TransactedPolicy {

    public static final String REQUIRED = "kyodo-jta-required";
    private final TxRunner tx;

    public JtaTransactionPolicy(TxRunner tx) {
        this.tx = tx;
    }

    @Override
    public void beforeWrap(Route route, NamedNode definition) {
    }

    @Override
    public Processor wrap(Route route, Processor processor) {
        return exchange -> {
            try {
                tx.required(() -> {
                    try {
                        processor.process(exchange);
                    } catch (Exception e) {
                        exchange.setException(e);
                    }
                    if (exchange.getException() != null) {
                        throw new RolledBack(exchange.getException());
                    }
                    return null;
                });
            } catch (RolledBack e) {
                exchange.setException(e.getCause());
            } catch (RuntimeException e) {
                exchange.setException(e);
            }
        };
    }

    /** Carries a route's failure out of the transaction (a runtime exception, so the interceptor rolls back). */
    static final class RolledBack extends RuntimeException {
        RolledBack(Throwable cause) {
            super(cause);
        }
    }
}
