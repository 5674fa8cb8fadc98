package jp.kyodo.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.IntSupplier;

/**
 * Database transactions per request, as PostgreSQL counts them: {@code xact_commit + xact_rollback} of the database
 * {@code kyodo} in {@code pg_stat_database}, around N requests, minus the background work (the mail, SLA and
 * integration workers poll on their own) measured as a rate over an idle window of the same shape. Read through a
 * connection to the {@code postgres} database, so the reading itself is not counted.
 *
 * <p>Timing: a backend reports its counts when it goes idle, at the latest {@link #FLUSH_MILLIS} after its last
 * transaction (PostgreSQL's {@code PGSTAT_IDLE_INTERVAL} is 10 s); each window therefore ends that long after its
 * last request. That wait is the only one, and it is a documented bound, not a guess; a window that follows another
 * starts from the other's final, already settled count instead of waiting again.
 */
final class DbTransactions {

    static final long FLUSH_MILLIS = 11_000;

    private final Connection stats;
    private double idlePerSecond = Double.NaN;
    /** The count read at the end of the last window (after its flush wait), or -1: the next window may start there. */
    private long settledCount = -1;
    private long settledAt;

    DbTransactions() throws SQLException {
        String url = "jdbc:postgresql://localhost:" + Platform.env("KYODO_DB_PORT", "55433") + "/postgres";
        Connection c;
        try {
            c = DriverManager.getConnection(url, Platform.env("KYODO_DB_OWNER_USER", "kyodo_owner"),
                    Platform.env("KYODO_DB_OWNER_PASSWORD", "kyodo_owner_dev"));
        } catch (SQLException noAccessToPostgres) {
            c = Platform.ownerConnection();
        }
        stats = c;
    }

    /** Transactions committed or rolled back in database kyodo so far (as reported). */
    long count() throws SQLException {
        try (Statement s = stats.createStatement()) {
            s.execute("SELECT pg_stat_clear_snapshot()");
            try (ResultSet r = s.executeQuery("SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = '"
                    + Platform.env("KYODO_DB_NAME", "kyodo") + "'")) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    /**
     * The background transactions per second, over an idle window (no requests) of {@code millis} + the flush.
     *
     * <p>First the database is vacuumed and analysed: PostgreSQL's autovacuum counts in the same figures (a worker on
     * the knowledge tables that a new test city had just filled: 20 transactions in one second, at a moment set by its
     * one-minute nap), and one falling into a window, idle or not, skews every figure after it — the background
     * estimate read 1.7–2.0/s instead of 0.1–0.4/s and every request 0.93 in two runs on slot ports. With the tables
     * vacuumed and analysed, autovacuum has nothing to do until the windows' own writes add up.
     */
    double idleRate(long millis) throws Exception {
        vacuumAndAnalyse();
        waitMillis(FLUSH_MILLIS); // whatever ran before has been reported
        long c0 = count();
        long t0 = System.nanoTime();
        waitMillis(millis + FLUSH_MILLIS);
        long c1 = settle();
        idlePerSecond = (c1 - c0) / ((settledAt - t0) / 1e9);
        return idlePerSecond;
    }

    /**
     * Sends {@code n} requests (each returns its HTTP status, which must be 200) and answers the database transactions
     * per request, the background rate taken off. Call {@link #idleRate} first.
     */
    double perRequest(int n, IntSupplier request) throws Exception {
        if (Double.isNaN(idlePerSecond)) {
            throw new IllegalStateException("idleRate first");
        }
        long c0;
        long t0;
        if (settledCount >= 0) { // the previous window ended with a flush wait and a count: start from there
            c0 = settledCount;
            t0 = settledAt;
        } else {
            waitMillis(FLUSH_MILLIS);
            c0 = count();
            t0 = System.nanoTime();
        }
        settledCount = -1;
        for (int i = 0; i < n; i++) {
            int status = request.getAsInt();
            if (status != 200) {
                throw new IllegalStateException("request " + i + " answered " + status);
            }
        }
        waitMillis(FLUSH_MILLIS);
        long c1 = settle();
        double seconds = (settledAt - t0) / 1e9;
        return (c1 - c0 - idlePerSecond * seconds) / n;
    }

    /** VACUUM (ANALYZE) of the application's database, as its owner (the tables it does not own are skipped). */
    private static void vacuumAndAnalyse() throws SQLException {
        try (Connection c = Platform.ownerConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            long t0 = System.nanoTime();
            s.execute("VACUUM (ANALYZE)");
            System.out.printf(java.util.Locale.ROOT, "[transactions] VACUUM (ANALYZE) before the windows: %d ms%n",
                    (System.nanoTime() - t0) / 1_000_000);
        }
    }

    /** Reads the count after a flush wait and keeps it as the start of a window that may follow at once. */
    private long settle() throws SQLException {
        settledCount = count();
        settledAt = System.nanoTime();
        return settledCount;
    }

    double idlePerSecond() {
        return idlePerSecond;
    }

    private static void waitMillis(long millis) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000;
        for (long left = millis; left > 0; left = (end - System.nanoTime()) / 1_000_000) {
            Thread.sleep(Math.min(left, 500));
        }
    }

    void close() throws SQLException {
        stats.close();
    }
}
