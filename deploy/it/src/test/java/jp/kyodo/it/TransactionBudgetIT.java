package jp.kyodo.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
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
 *
 * <p>PostgreSQL counts every transaction of the database, the server's periodic jobs' too. On the IT server those run
 * every few seconds for <em>every</em> city the run has created (the SLA and abandoned-bundle sweeps every 3 s, the
 * mail and purge retries, the partner pollers), so by the time this class runs they come in bursts of dozens of
 * transactions; an idle window measured before the requests cannot predict the bursts that fall into a request window
 * (CI measured the city home at 1.30 once, 0.85 on the next run of the same code). The class therefore measures with
 * the periodic jobs turned off or slowed to once a day ({@link #QUIET}, a configuration override and an application
 * restart, put back afterwards): what remains of the background is steady and is taken off as before.
 *
 * <p>Session 15: a concierge question through the API costs at most three ({@link #ASK_BUDGET}; four before the
 * role was read in the concierge's own first transaction).
 */
@ExtendWith(ArquillianExtension.class)
class TransactionBudgetIT {

    static final int N = 300;
    /** The configuration override that quietens the periodic jobs while this class measures. */
    static final String QUIET = "transaction-budget-quiet";
    private static final String A_DAY = "86400";
    /** One transaction per request, plus what the background rate's estimate may be off by. */
    static final double BUDGET = 1.15;
    /** Concierge questions per window. */
    static final int ASKS = 100;
    /**
     * A concierge question: three transactions (the module switch, the concierge's first with the role, its second
     * with the conversation), plus what the background's estimate may be off by; four before session 15.
     */
    static final double ASK_BUDGET = 3.15;
    /** Windows at most per target (see {@link #measure}). */
    static final int ATTEMPTS = 3;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Platform.application();
    }

    @Test
    void anOrdinaryRequestCostsAtMostOneTransaction() throws Exception {
        ServerConfig.override(QUIET, Map.of("kyodo.sla.sweep-seconds", "0", "kyodo.life-events.sweep-seconds", "0",
                "kyodo.city.purge-retry-seconds", A_DAY, "kyodo.smtp.retry-seconds", A_DAY,
                "kyodo.integration.outbox.poll-millis", A_DAY + "000", "kyodo.integration.poll.tick-seconds", A_DAY,
                "kyodo.knowledge.warm-up-cities", "0", "kyodo.cache.city-registry-check-seconds", "0"));
        try {
            ServerConfig.restartApplication();
            measure();
        } finally {
            if (ServerConfig.remove(QUIET)) {
                ServerConfig.restartApplication();
            }
        }
    }

    private static void measure() throws Exception {
        try (TestCity a = TestCity.create("401005"); TestCity b = TestCity.create("271004")) {
            OneServer server = new OneServer(a);
            Map<String, IntSupplier> targets = server.targets(false);
            targets.values().forEach(r -> {
                for (int i = 0; i < 20; i++) {
                    r.getAsInt(); // warm: first renders, first queries
                }
            });
            // the concierge's question through the API (session 15): the module switch's settings read, then the
            // role and the city's model settings in the concierge's first transaction, then the conversation and
            // the day's counter in its second (the answer is computed between them with no transaction open).
            // Warmed here, before any window: warmed between the windows, its transactions fell into the next window,
            // which starts where the one before it settled (every fresh-clone run read 3.5–3.7 there, then 2.9–3.0)
            String token = a.citizenToken();
            IntSupplier ask = () -> Platform.ask(token, "住民票の写しはどこで取れますか").status();
            for (int i = 0; i < 20; i++) {
                ask.getAsInt(); // the city's first question builds its index
            }
            DbTransactions tx = new DbTransactions();
            try {
                double idle = tx.idleRate(3_000);
                StringBuilder report = new StringBuilder();
                boolean ok = true;
                for (var t : targets.entrySet()) {
                    // The background is not perfectly steady: twice in fresh-clone runs the first window (the city home)
                    // read 1.17 and 1.23 while the two after it read 1.00, with nothing in the home's own work to explain
                    // it — a burst of the server's own work that the idle window before cannot predict. A window over
                    // budget is therefore measured again, at most twice, and the lowest counts: a request that really
                    // costs a second transaction costs it in every window.
                    List<Double> windows = new ArrayList<>();
                    double per = tx.perRequest(N, t.getValue());
                    windows.add(per);
                    while (per > BUDGET && windows.size() < ATTEMPTS) {
                        double again = tx.perRequest(N, t.getValue());
                        windows.add(again);
                        per = Math.min(per, again);
                    }
                    report.append(String.format(java.util.Locale.ROOT, "%s: %.2f transactions per request%s%n", t.getKey(), per,
                            windows.size() == 1 ? "" : " (windows " + windows.stream().map(w -> String.format(
                                    java.util.Locale.ROOT, "%.2f", w)).toList() + ")"));
                    ok &= per <= BUDGET;
                }
                List<Double> windows = new ArrayList<>();
                double per = tx.perRequest(ASKS, ask);
                windows.add(per);
                while (per > ASK_BUDGET && windows.size() < ATTEMPTS) {
                    double again = tx.perRequest(ASKS, ask);
                    windows.add(again);
                    per = Math.min(per, again);
                }
                boolean askOk = per <= ASK_BUDGET;
                report.append(String.format(java.util.Locale.ROOT, "concierge question: %.2f transactions per request "
                        + "(budget %.2f)%s%n", per, ASK_BUDGET, windows.size() == 1 ? "" : " (windows " + windows + ")"));
                System.out.printf("RESULT transaction budget (background %.1f/s):%n%s", idle, report);
                assertTrue(ok, "more than one database transaction per ordinary request:\n" + report);
                assertTrue(askOk, "more than three database transactions per concierge question:\n" + report);
            } finally {
                tx.close();
            }
        }
    }
}
