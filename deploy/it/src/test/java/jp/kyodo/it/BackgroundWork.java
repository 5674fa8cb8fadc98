package jp.kyodo.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.kyodo.devstack.MailSink;

/**
 * Work for the servers' background workers, put straight into a city's tables as the application's role with the city
 * bound (row-level security applies), and what became of it: e-mails in the outbox ({@code mail_outbox}) and what the
 * SMTP sink received for them; open cases past their warning or due time ({@code inquiry_case}) and their SLA entries on
 * the timeline ({@code case_event}); applications whose workflow step is past its response target
 * ({@code application}) and their OVERDUE entries ({@code application_event}). Used by {@link TwoServersIT} (issue 15
 * item 4: each item done exactly once with two servers).
 */
final class BackgroundWork {

    private final UUID city;

    BackgroundWork(String code) throws SQLException {
        this.city = TenantIsolationIT.cityId(code);
    }

    /** {@code n} e-mails due now, in one transaction, to {@code <run>-<i>@example.jp}. */
    void mails(String run, int n) throws SQLException {
        try (Connection c = tx(); PreparedStatement s = c.prepareStatement("INSERT INTO mail_outbox (id, recipient, subject, "
                + "body, next_attempt_at) VALUES (gen_random_uuid(), ?, '二台構成の試験', '本文', clock_timestamp() - interval '1 minute')")) {
            for (int i = 0; i < n; i++) {
                s.setString(1, recipient(run, i));
                s.addBatch();
            }
            s.executeBatch();
            c.commit();
        }
    }

    static String recipient(String run, int i) {
        return run + "-" + i + "@example.jp";
    }

    /** The run's e-mails not yet marked sent. */
    long unsent(String run) throws SQLException {
        return count("SELECT count(*) FROM mail_outbox WHERE sent_at IS NULL AND recipient LIKE ?", run + "-%");
    }

    /** The run's e-mails not sent and claimed with a lease ending within {@code seconds} from now. */
    long leasedWithin(String run, int seconds) throws SQLException {
        return count("SELECT count(*) FROM mail_outbox WHERE sent_at IS NULL AND recipient LIKE ? AND next_attempt_at"
                + " > clock_timestamp() AND next_attempt_at <= clock_timestamp() + make_interval(secs => " + seconds + ")",
                run + "-%");
    }

    /** The run's e-mails marked sent with more than one attempt. */
    long sentMoreThanOnce(String run) throws SQLException {
        return count("SELECT count(*) FROM mail_outbox WHERE sent_at IS NOT NULL AND attempts <> 1 AND recipient LIKE ?", run + "-%");
    }

    /** How many messages the SMTP sink received per recipient of the run. */
    static Map<String, Integer> received(MailSink sink, String run) throws MessagingException {
        Map<String, Integer> counts = new HashMap<>();
        for (MimeMessage m : sink.received()) {
            var to = m.getAllRecipients();
            if (to != null && to.length == 1 && to[0].toString().startsWith(run + "-")) {
                counts.merge(to[0].toString(), 1, Integer::sum);
            }
        }
        return counts;
    }

    /**
     * {@code n} open cases of the city's default queue past their due time (to be escalated) and {@code n} whose
     * warning time has come but not their due time (to be warned), in one transaction; reception numbers
     * {@code <run>-B<i>} and {@code <run>-N<i>}.
     */
    void overdueCases(String run, int n) throws SQLException {
        try (Connection c = tx(); PreparedStatement s = c.prepareStatement("INSERT INTO inquiry_case (id, reception_number, "
                + "channel, category, subject, priority, status, queue_id, created_by, sla_due_at, sla_warn_at, created_at) "
                + "SELECT gen_random_uuid(), ?, 'PHONE', 'other', '二台構成の期限試験', 'NORMAL', 'NEW', q.id, 'it', "
                + "now() + make_interval(mins => ?), now() + make_interval(mins => ?), now() - interval '2 hours' "
                + "FROM case_queue q WHERE q.is_default")) {
            for (int i = 0; i < n; i++) {
                add(s, run + "-B" + i, -60, -90); // past its due time
                add(s, run + "-N" + i, 24 * 60, -1); // warning time come, due tomorrow
            }
            int[] rows = s.executeBatch();
            assertTrue(rows.length == 2 * n && java.util.Arrays.stream(rows).allMatch(r -> r == 1), "one case per row: the city has a default queue");
            c.commit();
        }
    }

    private static void add(PreparedStatement s, String number, int dueMinutes, int warnMinutes) throws SQLException {
        s.setString(1, number);
        s.setInt(2, dueMinutes);
        s.setInt(3, warnMinutes);
        s.addBatch();
    }

    /**
     * A gate for the servers' response-target sweeps: the timeline table {@code case_event} locked ({@code EXCLUSIVE},
     * as its owner) in a transaction the caller ends. Every sweep statement that may write an SLA entry waits for it
     * at its start, before it claims anything, so the sweeps of both servers can be held and then let go together.
     */
    static Connection holdTimelines() throws SQLException {
        return hold("case_event");
    }

    /** How many other sessions wait for the lock {@link #holdTimelines} holds. */
    static int waitingForTimelines(Connection gate) throws SQLException {
        return waitingFor(gate, "case_event");
    }

    /**
     * The same gate for the applications' step sweeps: their timeline {@code application_event} locked, so that every
     * step sweep statement waits at its start until the caller ends the transaction.
     */
    static Connection holdApplicationTimelines() throws SQLException {
        return hold("application_event");
    }

    /** How many other sessions wait for the lock {@link #holdApplicationTimelines} holds. */
    static int waitingForApplicationTimelines(Connection gate) throws SQLException {
        return waitingFor(gate, "application_event");
    }

    private static Connection hold(String table) throws SQLException {
        Connection c = Platform.ownerConnection();
        c.setAutoCommit(false);
        try (var s = c.createStatement()) {
            s.execute("LOCK TABLE " + table + " IN EXCLUSIVE MODE");
        }
        return c;
    }

    private static int waitingFor(Connection gate, String table) throws SQLException {
        try (var s = gate.createStatement(); ResultSet r = s.executeQuery("SELECT count(DISTINCT pid) FROM pg_locks "
                + "WHERE relation = '" + table + "'::regclass AND NOT granted")) {
            r.next();
            return r.getInt(1);
        }
    }

    /**
     * {@code n} applications received ({@code SUBMITTED}) whose step is past its response target, in one transaction,
     * of the city's published procedure {@code procedureId} (adopted by then); reception numbers {@code <run>-A<i>}.
     */
    void overdueApplications(String run, int n, String procedureId) throws SQLException {
        try (Connection c = tx(); PreparedStatement s = c.prepareStatement("INSERT INTO application (id, procedure_version_id, "
                + "procedure_id, procedure_name, applicant, status, reception_number, step_since, step_due_at, submitted_at) "
                + "SELECT gen_random_uuid(), v.id, e.procedure_id, '二台構成の期限試験', 'it', 'SUBMITTED', ? || '-A' || i, "
                + "now() - interval '2 days', now() - interval '1 hour', now() - interval '2 days' FROM procedure_entry e "
                + "JOIN procedure_version v ON v.tenant_id = e.tenant_id AND v.entry_id = e.id AND v.version = "
                + "e.published_version, generate_series(0, ? - 1) i WHERE e.procedure_id = ?")) {
            s.setString(1, run);
            s.setInt(2, n);
            s.setString(3, procedureId);
            assertTrue(s.executeUpdate() == n, "one application per row: the city has published " + procedureId);
            c.commit();
        }
    }

    /** The run's applications whose step is not yet marked overdue. */
    long unmarkedApplications(String run) throws SQLException {
        return count("SELECT count(*) FROM application WHERE reception_number LIKE ? AND step_overdue_at IS NULL", run + "-A%");
    }

    /** The OVERDUE entries on each of the run's applications' timelines, by reception number (none: 0). */
    Map<String, Integer> overdueEntries(String run) throws SQLException {
        return countsBy("SELECT a.reception_number, count(e.id) FROM application a LEFT JOIN application_event e ON "
                + "e.tenant_id = a.tenant_id AND e.application_id = a.id AND e.kind = 'OVERDUE' WHERE a.reception_number "
                + "LIKE ? GROUP BY a.reception_number", run + "-A%");
    }

    /** The run's cases not yet marked for their stage (escalated, or warned). */
    long unmarked(String run) throws SQLException {
        return count("SELECT count(*) FROM inquiry_case WHERE reception_number LIKE ? AND ((reception_number LIKE '%-B%' "
                + "AND sla_escalated_at IS NULL) OR (reception_number LIKE '%-N%' AND sla_warned_at IS NULL))", run + "-%");
    }

    /** The SLA entries on each of the run's cases' timelines, by reception number (cases without one: 0). */
    Map<String, Integer> slaEntries(String run) throws SQLException {
        return countsBy("SELECT k.reception_number, count(e.id) FROM inquiry_case k LEFT JOIN case_event e ON "
                + "e.tenant_id = k.tenant_id AND e.case_id = k.id AND e.kind = 'SLA' WHERE k.reception_number LIKE ? "
                + "GROUP BY k.reception_number", run + "-%");
    }

    private Map<String, Integer> countsBy(String sql, String like) throws SQLException {
        Map<String, Integer> counts = new HashMap<>();
        try (Connection c = tx(); PreparedStatement q = c.prepareStatement(sql)) {
            q.setString(1, like);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    counts.put(r.getString(1), r.getInt(2));
                }
            }
            c.rollback();
        }
        return counts;
    }

    private long count(String sql, String like) throws SQLException {
        try (Connection c = tx(); PreparedStatement q = c.prepareStatement(sql)) {
            q.setString(1, like);
            try (ResultSet r = q.executeQuery()) {
                r.next();
                long n = r.getLong(1);
                c.rollback();
                return n;
            }
        }
    }

    /** A connection of the application's role in a transaction with the city bound. */
    private Connection tx() throws SQLException {
        Connection c = Platform.appConnection();
        c.setAutoCommit(false);
        TenantIsolationIT.bind(c, city);
        return c;
    }

    /**
     * A server's log (Liberty's messages.log) from a given length on, to read what the server's workers said about
     * their share of the work.
     */
    record ServerLog(Path file, long from) {
        static ServerLog from(Path file) throws IOException {
            return new ServerLog(file, Files.exists(file) ? Files.size(file) : 0);
        }

        String since() throws IOException {
            byte[] all = Files.readAllBytes(file);
            return from >= all.length ? "" : new String(all, (int) from, all.length - (int) from, StandardCharsets.UTF_8);
        }

        /** Sum of group 1 of {@code pattern} over the new lines. */
        int sum(Pattern pattern) throws IOException {
            int n = 0;
            for (Matcher m = pattern.matcher(since()); m.find(); ) {
                n += Integer.parseInt(m.group(1));
            }
            return n;
        }
    }
}
