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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jp.kyodo.crm.notifications.internal.MailClaim;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue #15 item 3: the mail outbox is safe with several servers. Two claimers, each with its own connection to the
 * real PostgreSQL and running the mail sender's own claim statement ({@link MailClaim}: {@code FOR UPDATE SKIP LOCKED}
 * and a lease), drain a city's outbox: each e-mail is claimed exactly once; a claimer never waits for rows another
 * claimer holds; and e-mails claimed by a server that then dies are taken by another once the lease ran out, and not
 * before. The city is suspended meanwhile, so the running server's own sender leaves its outbox alone.
 */
@ExtendWith(ArquillianExtension.class)
class WorkerClaimsIT {

    private static final String CODE = "062103"; // 天童市: no other test uses it
    /** 東根市 and 尾花沢市: the given-up test's two cities, no other test uses them. */
    private static final String GIVEN_UP = "062111";
    private static final String OTHER = "062120";
    /** E-mails given up long ago, which a claim must never walk past. */
    private static final int GIVEN_UP_ROWS = 2000;
    private static final int MAX_ATTEMPTS = 10;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Platform.application();
    }

    @Test
    void twoSendersClaimEachMailOnceAndADeadSendersMailsAfterItsLease() throws Exception {
        String v = Platform.vendor();
        try {
            String city = Platform.suspendedCity(CODE, "it-admin-claims");
            Set<UUID> all = insert(city, 240);
            Map<UUID, AtomicInteger> claims = new ConcurrentHashMap<>();

            // 1. a claim in progress (not committed) holds its rows: the other claimer gets different ones at once
            try (Connection a = Platform.tenantConnection(); Connection b = Platform.tenantConnection()) {
                List<UUID> heldByA = claim(a, city, 600, 10);
                setStatementTimeout(b, 5_000); // a claimer that waited for A's rows would fail here
                List<UUID> byB = claim(b, city, 600, 10);
                b.commit();
                a.commit();
                assertEquals(10, heldByA.size());
                assertEquals(10, byB.size(), "B skips the rows A holds and takes the next ones");
                assertTrue(java.util.Collections.disjoint(heldByA, byB), "no row in both claims");
                for (UUID id : concat(heldByA, byB)) {
                    claims.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                }
                markSent(a, city, heldByA);
                markSent(b, city, byB);
            }

            // 2. two senders drain the rest at the same time, claim → "send" → mark, batch after batch
            CyclicBarrier start = new CyclicBarrier(2);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<Future<Integer>> senders = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                senders.add(pool.submit(() -> {
                    int mine = 0;
                    try (Connection c = Platform.tenantConnection()) {
                        start.await(30, TimeUnit.SECONDS);
                        while (true) {
                            List<UUID> batch = claim(c, city, 600, 7);
                            c.commit();
                            if (batch.isEmpty()) {
                                return mine;
                            }
                            batch.forEach(id -> claims.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet());
                            markSent(c, city, batch);
                            mine += batch.size();
                        }
                    }
                }));
            }
            int drained = 0;
            for (Future<Integer> f : senders) {
                drained += f.get(120, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertEquals(220, drained, "the two senders claimed the 220 left between them");
            assertEquals(all, claims.keySet(), "every e-mail was claimed");
            assertTrue(claims.values().stream().allMatch(n -> n.get() == 1),
                    () -> "an e-mail claimed twice: " + claims.entrySet().stream().filter(e -> e.getValue().get() != 1).toList());
            try (Connection c = Platform.tenantConnection()) {
                assertEquals(0, count(c, city, "SELECT count(*) FROM mail_outbox WHERE sent_at IS NULL"), "all marked sent");
                assertEquals(240, count(c, city, "SELECT count(*) FROM mail_outbox WHERE attempts = 1"), "each sent once");
            }

            // 3. a sender claims five and dies before marking them: nobody takes them during its lease, another
            //    sender does after it, each once
            Set<UUID> orphans = insert(city, 5);
            int lease = 3;
            List<UUID> byDead;
            try (Connection dead = Platform.tenantConnection()) {
                byDead = claim(dead, city, lease, 10);
                dead.commit();
            } // the connection is gone, as with a killed server: its rows keep their lease
            assertEquals(orphans, new HashSet<>(byDead));
            try (Connection other = Platform.tenantConnection()) {
                List<UUID> early = claim(other, city, 600, 10);
                long stillLeased = count(other, city, "SELECT count(*) FROM mail_outbox WHERE sent_at IS NULL "
                        + "AND next_attempt_at > clock_timestamp()");
                other.commit();
                if (stillLeased == orphans.size()) { // the lease still held after the claim, so it held during it
                    assertEquals(List.of(), early, "nothing is taken while the dead sender's lease runs");
                }
                Map<UUID, Integer> takenOver = new java.util.HashMap<>();
                early.forEach(id -> takenOver.merge(id, 1, Integer::sum));
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (takenOver.size() < orphans.size() && System.nanoTime() < deadline) {
                    List<UUID> batch = claim(other, city, 600, 10);
                    other.commit();
                    batch.forEach(id -> takenOver.merge(id, 1, Integer::sum));
                    if (batch.isEmpty()) {
                        Thread.sleep(200);
                    }
                }
                assertEquals(orphans, takenOver.keySet(), "another sender took the dead sender's e-mails after the lease");
                assertTrue(takenOver.values().stream().allMatch(n -> n == 1), takenOver::toString);
                assertEquals(List.of(), claim(other, city, 600, 10), "and they are not due for anyone else now");
                other.commit();
            }
        } finally {
            call("POST", "/api/v1/cities/" + CODE + "/resume", v, null);
            assertEquals(200, Platform.get("/api/v1/cities/" + CODE + "/export", v).status());
            var deleted = Platform.deleteCity(CODE);
            assertEquals(200, deleted.status(), deleted::toString);
        }
    }



    /**
     * Issue #12: an e-mail that failed {@code MAX_ATTEMPTS} times, through the sender's own failure statement
     * ({@link MailClaim#failedSql}), is given up: it is never claimed again — also long after its last back-off — and
     * the claim does not even walk past it (it is not in the due index: with 2,000 given-up e-mails whose back-off ran
     * out long ago, the claim's walk of {@code mail_outbox_due} removes no row by its filter), while the view
     * {@code mail_outbox_given_up} lists it with its last error — in its own city only.
     */
    @Test
    void aGivenUpMailIsNeverClaimedAgainNorWalkedPastAndTheGivenUpViewShowsItInItsCityOnly() throws Exception {
        String v = Platform.vendor();
        try {
            String city = Platform.suspendedCity(GIVEN_UP, "it-admin-given-up");
            String other = Platform.suspendedCity(OTHER, "it-admin-given-up-other");
            // one e-mail failed MAX_ATTEMPTS - 2 times and due: two more failures give it up
            UUID mail = insert(city, 1, MAX_ATTEMPTS - 2).iterator().next();
            Set<UUID> ok = insert(city, 30, 0);
            Set<UUID> old = insert(city, GIVEN_UP_ROWS, MAX_ATTEMPTS - 1);
            try (Connection c = Platform.tenantConnection()) {
                // the old ones fail a last time (the sender's statement), then time passes: their back-off ran out
                Platform.bindCity(c, city);
                try (PreparedStatement s = c.prepareStatement(failed())) {
                    for (UUID id : old) {
                        s.setString(1, "550 mailbox unavailable");
                        s.setObject(2, id);
                        s.addBatch();
                    }
                    s.executeBatch();
                }
                c.createStatement().executeUpdate("UPDATE mail_outbox SET next_attempt_at = clock_timestamp() - interval '1 day'"
                        + " WHERE given_up_at IS NOT NULL");
                c.commit();

                // the 31 due: claimed; the mail fails (attempt MAX - 1): still to be sent, due again after its back-off
                List<UUID> first = claim(c, city, 600, 100);
                assertEquals(union(ok, Set.of(mail)), new HashSet<>(first), "the due e-mails, none given up");
                fail(c, city, mail, "421 try again later");
                markSent(c, city, List.copyOf(ok));
                backInTime(c, city, mail);
                assertEquals(List.of(mail), claim(c, city, 600, 100), "failed but not given up: claimed again");
                // its MAX_ATTEMPTS-th failure: given up, never claimed again, even long after its back-off
                fail(c, city, mail, "550 no such user");
                backInTime(c, city, mail);
                assertEquals(List.of(), claim(c, city, 600, 100), "a given-up e-mail is not claimed");
                c.commit();

                // the claim's walk of the due index passes no given-up row
                Platform.bindCity(c, city);
                insert(city, 20, 0);
                Platform.bindCity(c, city);
                JsonObject plan;
                try (ResultSet r = c.createStatement().executeQuery("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) "
                        + MailClaim.sql(600, 100))) {
                    assertTrue(r.next());
                    plan = Json.createReader(new StringReader(r.getString(1))).readArray().getJsonObject(0).getJsonObject("Plan");
                }
                c.rollback();
                List<JsonObject> scans = new ArrayList<>();
                nodes(plan, scans);
                List<JsonObject> due = scans.stream().filter(n -> "mail_outbox_due".equals(n.getString("Index Name", ""))).toList();
                long removed = scans.stream().filter(n -> "mail_outbox".equals(n.getString("Relation Name", "")))
                        .mapToLong(n -> n.containsKey("Rows Removed by Filter") ? n.getJsonNumber("Rows Removed by Filter").longValue() : 0)
                        .sum();
                long buffers = plan.getJsonNumber("Shared Hit Blocks").longValue() + plan.getJsonNumber("Shared Read Blocks").longValue();
                System.out.printf("[mail claim] %d given-up e-mails in the city: claim of %d rows read %d buffers, its scans of"
                        + " mail_outbox removed %d rows by filter (through mail_outbox_due: %s)%n", GIVEN_UP_ROWS + 1,
                        plan.getJsonNumber("Actual Rows").intValue(), buffers, removed, !due.isEmpty());
                assertEquals(20, plan.getJsonNumber("Actual Rows").intValue(), "the 20 due e-mails claimed");
                assertTrue(!due.isEmpty(), "the claim walks mail_outbox_due: " + plan);
                assertEquals(0, removed, "the claim passes no given-up e-mail: " + plan);

                // the view lists the given-up e-mails of the bound city, with their last error; another city sees none
                Platform.bindCity(c, city);
                assertEquals(GIVEN_UP_ROWS + 1, count(c, city, "SELECT count(*) FROM mail_outbox_given_up"));
                try (PreparedStatement s = c.prepareStatement("SELECT attempts, last_error, given_up_at FROM mail_outbox_given_up"
                        + " WHERE id = ?")) {
                    s.setObject(1, mail);
                    try (ResultSet r = s.executeQuery()) {
                        assertTrue(r.next(), "the given-up e-mail is in the view");
                        assertEquals(MAX_ATTEMPTS, r.getInt(1));
                        assertEquals("550 no such user", r.getString(2));
                        assertTrue(r.getObject(3) != null);
                    }
                }
                assertEquals(0, count(c, other, "SELECT count(*) FROM mail_outbox_given_up"), "another city sees none");
                assertEquals(0, count(c, other, "SELECT count(*) FROM mail_outbox"), "nor its rows");
                c.rollback();
            }
        } finally {
            for (String code : List.of(GIVEN_UP, OTHER)) {
                try (Connection c = Platform.tenantConnection()) { // nothing left for the sender once the city is active again
                    Platform.bindCity(c, Platform.liveCityId(code));
                    c.createStatement().executeUpdate("DELETE FROM mail_outbox");
                    c.commit();
                } catch (AssertionError noCity) {
                    continue;
                }
                call("POST", "/api/v1/cities/" + code + "/resume", v, null);
                assertEquals(200, Platform.get("/api/v1/cities/" + code + "/export", v).status());
                var deleted = Platform.deleteCity(code);
                assertEquals(200, deleted.status(), deleted::toString);
            }
        }
    }

    /** The sender's failure statement as JDBC text. */
    private static String failed() {
        return MailClaim.failedSql(MAX_ATTEMPTS).replace("?1", "?").replace("?2", "?");
    }

    private static void fail(Connection c, String city, UUID id, String error) throws SQLException {
        Platform.bindCity(c, city);
        try (PreparedStatement s = c.prepareStatement(failed())) {
            s.setString(1, error);
            s.setObject(2, id);
            assertEquals(1, s.executeUpdate());
        }
        c.commit();
    }

    /** Time passes for one e-mail: its back-off (or lease) ran out a day ago. */
    private static void backInTime(Connection c, String city, UUID id) throws SQLException {
        Platform.bindCity(c, city);
        try (PreparedStatement s = c.prepareStatement("UPDATE mail_outbox SET next_attempt_at = clock_timestamp() - interval '1 day'"
                + " WHERE id = ?")) {
            s.setObject(1, id);
            s.executeUpdate();
        }
        c.commit();
    }

    /** Every node of a plan, depth first. */
    private static void nodes(JsonObject node, List<JsonObject> out) {
        out.add(node);
        if (node.containsKey("Plans")) {
            node.getJsonArray("Plans").getValuesAs(JsonObject.class).forEach(n -> nodes(n, out));
        }
    }

    private static Set<UUID> union(Set<UUID> a, Set<UUID> b) {
        Set<UUID> out = new HashSet<>(a);
        out.addAll(b);
        return out;
    }

    private static void setStatementTimeout(Connection c, int millis) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET statement_timeout = " + millis);
        }
    }

    /** The mail sender's claim ({@link MailClaim}) in the connection's current transaction. */
    private static List<UUID> claim(Connection c, String city, int leaseSeconds, int batch) throws SQLException {
        Platform.bindCity(c, city);
        List<UUID> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(MailClaim.sql(leaseSeconds, batch))) {
            while (r.next()) {
                out.add((UUID) r.getObject(1));
            }
        }
        return out;
    }

    /** What the sender does after handing a message to the SMTP server (OutboxStore.sent), in its own transaction. */
    private static void markSent(Connection c, String city, List<UUID> ids) throws SQLException {
        Platform.bindCity(c, city);
        try (PreparedStatement s = c.prepareStatement("UPDATE mail_outbox SET sent_at = clock_timestamp(), "
                + "attempts = attempts + 1, last_error = NULL WHERE id = ANY(?)")) {
            s.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            s.executeUpdate();
        }
        c.commit();
    }

    private static Set<UUID> insert(String city, int n) throws SQLException {
        return insert(city, n, 0);
    }

    /** {@code n} due e-mails of the city that failed {@code attempts} times before. */
    private static Set<UUID> insert(String city, int n, int attempts) throws SQLException {
        Set<UUID> ids = new HashSet<>();
        try (Connection c = Platform.tenantConnection()) {
            Platform.bindCity(c, city);
            try (PreparedStatement s = c.prepareStatement("INSERT INTO mail_outbox (id, recipient, subject, body, "
                    + "next_attempt_at, attempts) VALUES (?, ?, 'お知らせ', '本文', clock_timestamp() - interval '1 minute', ?)")) {
                for (int i = 0; i < n; i++) {
                    UUID id = UUID.randomUUID();
                    ids.add(id);
                    s.setObject(1, id);
                    s.setString(2, "claims-" + i + "@example.jp");
                    s.setInt(3, attempts);
                    s.addBatch();
                }
                s.executeBatch();
            }
            c.commit();
        }
        return ids;
    }

    private static long count(Connection c, String city, String sql) throws SQLException {
        Platform.bindCity(c, city);
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static List<UUID> concat(List<UUID> a, List<UUID> b) {
        List<UUID> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
