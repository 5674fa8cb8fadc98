package jp.kyodo.integration.internal;

/**
 * The outbox dispatcher's claim statement, written so that its cost does not depend on the table's statistics
 * (docs/integration.md, "The claim's plan"). It walks the bound city's due rows in the order of the index
 * {@code outbox_message_due (tenant_id, next_attempt_at, seq) WHERE status = 'PENDING'} — its predicate and order are
 * the claim's, so the walk stops after the batch — and keeps a row only if no PENDING row of the same (topic, key)
 * comes before it, probed per row through {@code outbox_message_key (tenant_id, topic, message_key, seq)}. The
 * {@code OFFSET 0} keeps that probe a per-row sub-plan: without it the planner turns the {@code NOT EXISTS} into an
 * anti-join whose shape depends on the row estimates. The lease is then written by primary key
 * ({@code id = ANY(ARRAY(...))}, no join for the planner to choose).
 *
 * <p>The statement it replaces computed every key's head with {@code DISTINCT ON} and joined it back to the table: on a
 * table never analysed (a new deployment, the first minute of a bulk) the planner estimated one PENDING row, chose a
 * nested loop and re-ran the {@code DISTINCT ON} for every candidate row — about 15,000 rows read per message at 2,000
 * pending rows a city (session 13), 40,000 buffers per message in {@code EXPLAIN (ANALYZE, BUFFERS)}.
 *
 * <p>Several servers: the due rows are locked {@code FOR UPDATE SKIP LOCKED} (rows another server is claiming are
 * passed over, never waited for) and leased to the owner; a row whose lease has not run out is not due. Rows of one
 * (topic, key) leave in {@code seq} order: only the oldest PENDING row of a key is ever claimed, and a leased or
 * rescheduled head holds back the rows after it. The claim order between keys is (next_attempt_at, seq): a rescheduled
 * row goes behind the rows that were due before it.
 */
public final class OutboxClaim {

    private OutboxClaim() {
    }

    /**
     * The claim of at most {@code batch} rows of the bound city, leased for {@code leaseSeconds}; one parameter,
     * {@code ?1}, the lease owner. Returns {@code id, seq, topic, message_key, payload, attempts} of each row claimed.
     */
    public static String sql(int leaseSeconds, int batch) {
        return "WITH due AS (SELECT o.id FROM outbox_message o "
                + "  WHERE o.status = 'PENDING' AND o.next_attempt_at <= now() "
                + "    AND (o.lease_until IS NULL OR o.lease_until < now()) "
                + "    AND NOT EXISTS (SELECT 1 FROM outbox_message p WHERE p.status = 'PENDING' AND p.topic = o.topic "
                + "      AND p.message_key = o.message_key AND p.seq < o.seq OFFSET 0) "
                + "  ORDER BY o.next_attempt_at, o.seq LIMIT " + batch + " FOR UPDATE OF o SKIP LOCKED) "
                + "UPDATE outbox_message m SET lease_owner = ?1, lease_until = now() + make_interval(secs => " + leaseSeconds
                + "), attempts = m.attempts + 1 WHERE m.id = ANY(ARRAY(SELECT id FROM due)) "
                + "RETURNING m.id, m.seq, m.topic, m.message_key, m.payload::text, m.attempts";
    }
}
