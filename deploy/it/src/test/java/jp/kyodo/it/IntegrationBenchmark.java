package jp.kyodo.it;

import static jp.kyodo.it.Platform.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Integration benchmark (not an IT: run by {@code bench/integration}, which selects it with -Dit.test): outbox →
 * Camel → 児童手当 simulator, with the partner healthy and failing half the time, and マイナポータル simulator → Camel →
 * cases. Prints messages per second, p50/p95 latency and the exactly-once check. Sizes: {@code bench.outbox},
 * {@code bench.inbound} (system properties).
 */
@ExtendWith(ArquillianExtension.class)
class IntegrationBenchmark {

    private static TestCity a;
    private static TestCity b;
    private static Simulator mynaportal;
    private static Simulator childAllowance;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Platform.application();
    }

    @BeforeAll
    static void start() {
        mynaportal = Simulator.start("MynaportalSimulator", "it.sim.mynaportal.port", 7161, "sim-password", "2");
        childAllowance = Simulator.start("ChildAllowanceSimulator", "it.sim.child-allowance.port", 7162);
        a = TestCity.create("221007");
        b = TestCity.create("331007");
        for (TestCity c : List.of(a, b)) {
            put(c, "child-allowance", childAllowance.url("/api/v1/applications"), 60);
        }
    }

    @AfterAll
    static void stop() {
        TestCity.closeAll(a, b);
        mynaportal.close();
        childAllowance.close();
    }

    @Test
    void bench() throws Exception {
        int outbox = Integer.getInteger("bench.outbox", 4000);
        int inbound = Integer.getInteger("bench.inbound", 1000);
        outbound("outbox healthy", outbox, "up");
        outbound("outbox flaky 50%", outbox / 2, "flaky");
        inbound(inbound);
    }

    private void outbound(String label, int n, String mode) throws Exception {
        for (String lg : List.of(a.code, b.code)) {
            mode(lg, mode);
        }
        int before = effects(a.code) + effects(b.code);
        long t0 = System.nanoTime();
        String run = Long.toHexString(System.nanoTime());
        for (TestCity c : List.of(a, b)) {
            try (Connection conn = Platform.appConnection()) {
                conn.setAutoCommit(false);
                TenantIsolationIT.bind(conn, TenantIsolationIT.cityId(c.code));
                try (PreparedStatement ps = conn.prepareStatement("INSERT INTO outbox_message (topic, message_key, payload) "
                        + "VALUES ('child-allowance.application-approved', ?, CAST(? AS jsonb))")) {
                    for (int i = 0; i < n / 2; i++) {
                        ps.setString(1, "citizen-" + (i % 200));
                        ps.setString(2, "{\"applicationId\":\"" + run + "-" + i + "\"}");
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                conn.commit();
            }
        }
        long deadline = System.nanoTime() + 600_000_000_000L;
        while (pending(a.code) + pending(b.code) > 0) {
            assertTrue(System.nanoTime() < deadline, label + ": not drained in 10 minutes");
            Thread.sleep(100);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<Double> latencies = new ArrayList<>();
        latencies.addAll(latencies(a.code));
        latencies.addAll(latencies(b.code));
        latencies.sort(Double::compare);
        int after = effects(a.code) + effects(b.code);
        boolean once = after - before == n && distinctKeys(a.code) + distinctKeys(b.code) == after;
        System.out.printf(Locale.ROOT, "RESULT %-18s messages=%d  %.0f msg/s  latency p50=%.0f ms p95=%.0f ms  exactly-once=%s%n",
                label, n, n / seconds, pct(latencies, 50), pct(latencies, 95), once ? "yes" : "NO");
        assertTrue(once, label + ": effects " + (after - before) + " for " + n + " messages");
        for (String lg : List.of(a.code, b.code)) {
            mode(lg, "up");
            truncate(lg);
        }
    }

    private void inbound(int n) throws Exception {
        for (TestCity c : List.of(a, b)) {
            put(c, "mynaportal", mynaportal.url(""), 1);
        }
        long t0 = System.nanoTime();
        for (TestCity c : List.of(a, b)) {
            var r = call("POST", mynaportal.url("/_sim/applications"), null, "{\"lgCode\":\"" + c.code + "\",\"count\":" + n / 2 + "}");
            assertEquals(201, r.status(), r::toString);
        }
        long deadline = System.nanoTime() + 600_000_000_000L;
        while (cases(a.code) + cases(b.code) < n) {
            assertTrue(System.nanoTime() < deadline, "inbound: not received in 10 minutes");
            Thread.sleep(100);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Thread.sleep(3000); // a few more polls, each listing every 受付番号 twice
        long cases = cases(a.code) + cases(b.code);
        System.out.printf(Locale.ROOT, "RESULT %-18s messages=%d  %.0f msg/s  (each listed twice per poll)  exactly-once=%s%n",
                "mynaportal inbound", n, n / seconds, cases == n ? "yes" : "NO (" + cases + ")");
        assertEquals(n, cases);
    }

    private static void put(TestCity c, String partner, String endpoint, int poll) {
        var r = call("PUT", "/api/v1/integration/connectors/" + partner, c.adminToken(), Json.createObjectBuilder()
                .add("enabled", true).add("endpoint", endpoint).add("account", "bench").add("secret", "sim-password")
                .add("pollSeconds", poll).build().toString());
        assertEquals(200, r.status(), r::toString);
    }

    private static void mode(String lg, String mode) {
        call("POST", childAllowance.url("/_sim/mode"), null, "{\"lgCode\":\"" + lg + "\",\"mode\":\"" + mode + "\",\"percent\":50}");
    }

    private static List<JsonObject> effectList(String lg) {
        return call("GET", childAllowance.url("/_sim/received?lgCode=" + lg), null, null).json()
                .getJsonArray("effects").getValuesAs(JsonObject.class);
    }

    private static int effects(String lg) {
        return effectList(lg).size();
    }

    private static int distinctKeys(String lg) {
        Set<String> keys = new HashSet<>();
        effectList(lg).forEach(e -> keys.add(e.getString("idempotencyKey")));
        return keys.size();
    }

    private static long pending(String lg) throws Exception {
        return scalar(lg, "SELECT count(*) FROM outbox_message WHERE status = 'PENDING'");
    }

    private static long cases(String lg) throws Exception {
        return scalar(lg, "SELECT count(*) FROM inquiry_case WHERE channel = 'MYNAPORTAL'");
    }

    private static List<Double> latencies(String lg) throws Exception {
        List<Double> out = new ArrayList<>();
        try (Connection conn = Platform.appConnection()) {
            conn.setAutoCommit(false);
            TenantIsolationIT.bind(conn, TenantIsolationIT.cityId(lg));
            try (ResultSet rs = conn.createStatement().executeQuery(
                    "SELECT extract(epoch FROM sent_at - created_at) * 1000 FROM outbox_message WHERE status = 'SENT'")) {
                while (rs.next()) {
                    out.add(rs.getDouble(1));
                }
            }
            conn.rollback();
        }
        return out;
    }

    private static void truncate(String lg) throws Exception {
        try (Connection conn = Platform.appConnection()) {
            conn.setAutoCommit(false);
            TenantIsolationIT.bind(conn, TenantIsolationIT.cityId(lg));
            conn.createStatement().executeUpdate("DELETE FROM outbox_message WHERE status = 'SENT'");
            conn.commit();
        }
    }

    private static long scalar(String lg, String sql) throws Exception {
        try (Connection conn = Platform.appConnection()) {
            conn.setAutoCommit(false);
            TenantIsolationIT.bind(conn, TenantIsolationIT.cityId(lg));
            try (ResultSet rs = conn.createStatement().executeQuery(sql)) {
                rs.next();
                long v = rs.getLong(1);
                conn.rollback();
                return v;
            }
        }
    }

    private static double pct(List<Double> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
