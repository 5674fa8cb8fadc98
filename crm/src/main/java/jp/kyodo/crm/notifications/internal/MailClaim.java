package jp.kyodo.crm.notifications.internal;

/**
 * How a server claims e-mails to send, safely with several servers on one database (docs/capacity.md, "Several
 * servers"): one statement locks the due rows of the bound city it can get ({@code FOR UPDATE SKIP LOCKED}: rows
 * another server is claiming right now are passed over, never waited for or taken twice) and moves their
 * {@code next_attempt_at} forward by the lease. Committed, the rows are no longer due for anyone until the lease runs
 * out; the claimer then marks each one sent, or failed with its back-off ({@link #failedSql}). A server killed between
 * the claim and the mark leaves its rows to whichever server claims after the lease. The statements are plain SQL
 * whose only values from code are numbers, so the integration tests run exactly these texts from JDBC connections.
 *
 * <p>An e-mail that failed {@code maxAttempts} times is <b>given up</b>: {@code given_up_at} is set, which takes it out
 * of the partial index {@code mail_outbox_due} ({@code WHERE sent_at IS NULL AND given_up_at IS NULL}) that the claim
 * walks, so no claim ever passes over it again; the view {@code mail_outbox_given_up} lists it (the inbox still has
 * the message).
 */
public final class MailClaim {

    private MailClaim() {
    }

    /**
     * The claim: at most {@code batch} due rows of the bound city (row-level security), oldest due first, leased for
     * {@code leaseSeconds}. Returns {@code id, recipient, subject, body, attempts} of each row claimed. Its predicate
     * is the due index's, so it walks that index in its order and stops when the batch is full.
     */
    public static String sql(int leaseSeconds, int batch) {
        return "WITH due AS (SELECT tenant_id, id FROM mail_outbox WHERE sent_at IS NULL AND given_up_at IS NULL"
                + " AND next_attempt_at <= clock_timestamp() ORDER BY next_attempt_at LIMIT " + batch
                + " FOR UPDATE SKIP LOCKED), "
                + "claimed AS (UPDATE mail_outbox o SET next_attempt_at = clock_timestamp() + make_interval(secs => "
                + leaseSeconds + ") FROM due WHERE o.tenant_id = due.tenant_id AND o.id = due.id "
                + "RETURNING o.id, o.recipient, o.subject, o.body, o.attempts) "
                + "SELECT id, recipient, subject, body, attempts FROM claimed";
    }

    /**
     * A failed attempt of one claimed e-mail ({@code ?1} the error, {@code ?2} the id): counts it, keeps the error, and
     * either schedules the next attempt — 30 s, 1 min, 2 min … doubling, at most 6 hours after this one — or, at the
     * {@code maxAttempts}-th failure, gives the e-mail up ({@code given_up_at}: out of the due index for good).
     */
    public static String failedSql(int maxAttempts) {
        return "UPDATE mail_outbox SET attempts = attempts + 1, last_error = ?1, "
                + "next_attempt_at = clock_timestamp() + make_interval(secs => least(30 * (1 << least(greatest(attempts, 0), 10)), 21600)), "
                + "given_up_at = CASE WHEN attempts + 1 >= " + maxAttempts + " THEN clock_timestamp() END "
                + "WHERE id = ?2 AND sent_at IS NULL AND given_up_at IS NULL";
    }
}
