package jp.kyodo.it;

import static jp.kyodo.it.Platform.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import jp.kyodo.integration.internal.OutboxClaim;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue #12: the outbox dispatcher's claim ({@link OutboxClaim}, the exact text the server runs) costs the same whatever
 * the planner knows about {@code outbox_message}. With 4,000 PENDING rows over 200 keys in one city, one claim of 100
 * is run under {@code EXPLAIN (ANALYZE, BUFFERS)} — in a transaction that is rolled back — with the table's statistics
 * cleared (a new deployment: never analysed), analysed, and analysed while the city had nothing pending (statistics
 * that say PENDING rows are rare); each time it must read at most {@link #MAX_BUFFERS_PER_ROW} buffers per row claimed
 * and claim exactly the oldest PENDING row of 100 keys. The claim this replaced, put in this test's place (session 14),
 * failed it: 16,285,928 buffers for 100 rows on the never-analysed table. The city is suspended, so the running server's dispatcher leaves its rows alone.
 */
@ExtendWith(ArquillianExtension.class)
class OutboxClaimPlanIT {

    private static final String CODE = "063215"; // 河北町: no other test uses it
    private static final int ROWS = 4000;
    private static final int KEYS = 200;
    private static final int BATCH = 100;
    /**
     * Index probes, heap visits and the lease's write of each row, with room: measured 18–24 a row, and 46 right after
     * the city's 4,000 earlier rows were marked SENT (the walk visits their index entries once, until marked dead); the
     * old claim read ≈ 163,000 never analysed.
     */
    private static final int MAX_BUFFERS_PER_ROW = 100;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Platform.application();
    }

    @Test
    void claimReadsAboutTheSameFewBuffersPerRowWhateverTheStatistics() throws Exception {
        String v = Platform.vendor();
        try {
            String city = Platform.suspendedCity(CODE, "it-admin-outbox-plan");
            insert(city, ROWS);

            clearStatistics();
            check(city, "never analysed");

            owner("ANALYZE outbox_message");
            check(city, "analysed");

            try (Connection c = Platform.tenantConnection()) {
                Platform.bindCity(c, city);
                c.createStatement().executeUpdate("UPDATE outbox_message SET status = 'SENT', sent_at = now() "
                        + "WHERE status = 'PENDING'");
                c.commit();
            }
            owner("ANALYZE outbox_message");
            insert(city, ROWS);
            check(city, "analysed with nothing pending");
        } finally {
            try (Connection c = Platform.tenantConnection()) { // nothing left for the dispatcher once the city is active again
                Platform.bindCity(c, Platform.liveCityId(CODE));
                c.createStatement().executeUpdate("DELETE FROM outbox_message");
                c.commit();
            }
            call("POST", "/api/v1/cities/" + CODE + "/resume", v, null);
            assertEquals(200, Platform.get("/api/v1/cities/" + CODE + "/export", v).status());
            var deleted = Platform.deleteCity(CODE);
            assertEquals(200, deleted.status(), deleted::toString);
        }
    }

    /** One claim under EXPLAIN ANALYZE, rolled back: buffers per row, and the rows are the heads of 100 keys. */
    private static void check(String city, String state) throws SQLException {
        try (Connection c = Platform.tenantConnection()) {
            Platform.bindCity(c, city);
            Map<String, Long> heads = new HashMap<>();
            try (ResultSet r = c.createStatement().executeQuery("SELECT message_key, min(seq) FROM outbox_message "
                    + "WHERE status = 'PENDING' GROUP BY message_key")) {
                while (r.next()) {
                    heads.put(r.getString(1), r.getLong(2));
                }
            }
            assertEquals(KEYS, heads.size(), state);
            JsonObject plan;
            try (PreparedStatement s = c.prepareStatement("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) "
                    + OutboxClaim.sql(60, BATCH).replace("?1", "?"))) {
                s.setString(1, "it-plan");
                try (ResultSet r = s.executeQuery()) {
                    assertTrue(r.next());
                    plan = Json.createReader(new StringReader(r.getString(1))).readArray().getJsonObject(0)
                            .getJsonObject("Plan");
                }
            }
            long buffers = plan.getJsonNumber("Shared Hit Blocks").longValue()
                    + plan.getJsonNumber("Shared Read Blocks").longValue();
            int rows = plan.getJsonNumber("Actual Rows").intValue();
            assertEquals(BATCH, rows, state + ": rows claimed");
            assertTrue(buffers <= (long) MAX_BUFFERS_PER_ROW * rows, state + ": " + buffers + " buffers for " + rows
                    + " rows (" + buffers / rows + " a row)");
            // the rows it leased (visible in this transaction): one per key, each its key's oldest PENDING row
            Set<String> keys = new HashSet<>();
            try (ResultSet r = c.createStatement().executeQuery(
                    "SELECT message_key, seq FROM outbox_message WHERE lease_owner = 'it-plan'")) {
                while (r.next()) {
                    assertTrue(keys.add(r.getString(1)), state + ": two rows of one key");
                    assertEquals(heads.get(r.getString(1)), r.getLong(2), state + ": not the key's oldest row");
                }
            }
            assertEquals(BATCH, keys.size(), state);
            c.rollback();
            System.out.printf("[outbox claim plan] %s: %d buffers for %d rows (%.1f a row)%n", state, buffers, rows,
                    (double) buffers / rows);
        }
    }

    /** What a new deployment has: no statistics at all on the table (PostgreSQL 18's pg_clear_*_stats). */
    private static void clearStatistics() throws SQLException {
        try (Connection c = Platform.ownerConnection(); Statement s = c.createStatement()) {
            s.execute("SELECT pg_clear_relation_stats(current_schema(), 'outbox_message')");
            s.execute("SELECT pg_clear_attribute_stats(current_schema(), 'outbox_message', attname, false) "
                    + "FROM pg_attribute WHERE attrelid = 'outbox_message'::regclass AND attnum > 0 AND NOT attisdropped");
            try (ResultSet r = s.executeQuery("SELECT reltuples FROM pg_class WHERE oid = 'outbox_message'::regclass")) {
                assertTrue(r.next());
                assertEquals(-1, r.getLong(1), "reltuples after clearing: never analysed");
            }
        }
    }

    private static void owner(String sql) throws SQLException {
        try (Connection c = Platform.ownerConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static void insert(String city, int n) throws SQLException {
        try (Connection c = Platform.tenantConnection()) {
            Platform.bindCity(c, city);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO outbox_message (topic, message_key, payload) "
                    + "SELECT 'child-allowance.application-approved', 'citizen-' || (i % " + KEYS + "), "
                    + "jsonb_build_object('applicationId', i) FROM generate_series(1, ?) i")) {
                ps.setInt(1, n);
                ps.executeUpdate();
            }
            c.commit();
        }
    }
}
