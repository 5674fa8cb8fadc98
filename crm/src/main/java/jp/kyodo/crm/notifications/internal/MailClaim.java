package jp.kyodo.crm.notifications.internal;

/**
 * How a server claims e-mails to send, safely with several servers on one database (docs/capacity.md, "Several
 * servers"): one statement locks the due rows of the bound city it can get ({@code FOR UPDATE SKIP LOCKED}: rows
 * another server is claiming right now are passed over, never waited for or taken twice) and moves their
 * {@code next_attempt_at} forward by the lease. Committed, the rows are no longer due for anyone until the lease runs
 * out; the claimer then marks each one sent, or failed with its back-off. A server killed between the claim and the
 * mark leaves its rows to whichever server claims after the lease. The statement is plain SQL without parameters (the
 * values are numbers from code), so the integration test runs exactly this text from two JDBC connections.
 */
public final class MailClaim {

    private MailClaim() {
    }

    /**
     * The claim: at most {@code batch} due rows of the bound city (row-level security), oldest due first, leased for
     * {@code leaseSeconds}. Returns {@code id, recipient, subject, body, attempts} of each row claimed.
     */
    public static String sql(int leaseSeconds, int maxAttempts, int batch) {
        return "WITH due AS (SELECT tenant_id, id FROM mail_outbox WHERE sent_at IS NULL AND attempts < " + maxAttempts
                + " AND next_attempt_at <= clock_timestamp() ORDER BY next_attempt_at LIMIT " + batch
                + " FOR UPDATE SKIP LOCKED), "
                + "claimed AS (UPDATE mail_outbox o SET next_attempt_at = clock_timestamp() + make_interval(secs => "
                + leaseSeconds + ") FROM due WHERE o.tenant_id = due.tenant_id AND o.id = due.id "
                + "RETURNING o.id, o.recipient, o.subject, o.body, o.attempts) "
                + "SELECT id, recipient, subject, body, attempts FROM claimed";
    }
}
