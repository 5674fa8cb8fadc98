package jp.kyodo.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.function.IntSupplier;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An ordinary request costs at most one database transaction (issue 15, item 0): the city home, a signed-in page and
 * {@code GET /api/v1/me/profile}, each {@value #N} times, counted by PostgreSQL ({@link DbTransactions}). Before the
 * change each of them cost 3–4 (the city look-ups, the role check and every service call each opened its own).
 * A second city exists so that the registry holds more than the city under test.
 */
@ExtendWith(ArquillianExtension.class)
class TransactionBudgetIT {

    static final int N = 300;
    /** One transaction per request, plus what the background rate's estimate may be off by. */
    static final double BUDGET = 1.15;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Platform.application();
    }

    @Test
    void anOrdinaryRequestCostsAtMostOneTransaction() throws Exception {
        try (TestCity a = TestCity.create("401005"); TestCity b = TestCity.create("271004")) {
            OneServer server = new OneServer(a);
            Map<String, IntSupplier> targets = server.targets(false);
            targets.values().forEach(r -> {
                for (int i = 0; i < 20; i++) {
                    r.getAsInt(); // warm: first renders, first queries
                }
            });
            DbTransactions tx = new DbTransactions();
            try {
                double idle = tx.idleRate(3_000);
                StringBuilder report = new StringBuilder();
                boolean ok = true;
                for (var t : targets.entrySet()) {
                    double per = tx.perRequest(N, t.getValue());
                    report.append(String.format(java.util.Locale.ROOT, "%s: %.2f transactions per request%n", t.getKey(), per));
                    ok &= per <= BUDGET;
                }
                System.out.printf("RESULT transaction budget (background %.1f/s):%n%s", idle, report);
                assertTrue(ok, "more than one database transaction per ordinary request:\n" + report);
            } finally {
                tx.close();
            }
        }
    }
}
