package jp.kyodo.it;

import static jp.kyodo.it.Platform.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Integration with partner systems through faults, against the simulators of deploy/simulators (separate processes)
 * and the real Liberty, PostgreSQL and Keycloak:
 * <ul>
 *   <li>マイナポータル lists every 受付番号 twice on every poll: each application becomes exactly one case; a poison
 *       application goes to the dead letters and holds nothing else up;</li>
 *   <li>the outbox towards the 児童手当 system: one city's partner down does not delay the other city; when it is back,
 *       everything arrives, once, in order per citizen; a city whose partner applies a message but loses the reply gets
 *       every message twice and still exactly one effect; a message the partner refuses goes dead, the rest flows;</li>
 *   <li>an approved 児童手当 application decided through the staff API reaches the 児童手当 system exactly once through an
 *       outage and lost replies; a rejected one is not sent; one the partner refuses is a dead letter that the retry
 *       delivers once;</li>
 *   <li>a city whose 児童手当 system is LGWAN-only: the decision crosses the LGWAN gateway simulator as a file with a
 *       done-file, waits there while the LGWAN side is down, is applied once; refusals by the core system or the
 *       gateway come back as result files and become dead letters;</li>
 *   <li>the 児童手当 system killed with {@code kill -9} in the middle of 2,000 messages and restarted: every message
 *       arrives, none twice, in order per key;</li>
 *   <li>connectors, dead letters, outbox rows and received ids are per city (API and database).</li>
 * </ul>
 */
@ExtendWith(ArquillianExtension.class)
class IntegrationIT {

    private static final String A = "221007";
    private static final String B = "331007";
    private static TestCity a;
    private static TestCity b;
    private static Simulator mynaportal;
    private static Simulator childAllowance;
    private static Simulator residents;
    private static Simulator lgwan;
    private static Path lgwanDir;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Platform.application();
    }

    @BeforeAll
    static void simulators() {
        mynaportal = Simulator.start("MynaportalSimulator", "it.sim.mynaportal.port", 7161, "sim-password", "2");
        childAllowance = Simulator.start("ChildAllowanceSimulator", "it.sim.child-allowance.port", 7162);
        residents = Simulator.start("ResidentRecordSimulator", "it.sim.resident-record.port", 7163);
        // the gateway's two zones start empty (a folder of an earlier run would hold its cities' files)
        lgwanDir = Path.of(System.getProperty("kyodo.it.lgwan.dir", "target/it-lgwan"));
        deleteTree(lgwanDir);
        lgwan = Simulator.start("LgwanGatewaySimulator", "it.sim.lgwan.port", 7164, lgwanDir.resolve("drop").toString(),
                lgwanDir.resolve("lgwan").toString());
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static synchronized void cities() {
        if (a == null) {
            a = TestCity.create(A);
            b = TestCity.create(B);
        }
    }

    @AfterAll
    static void cleanUp() {
        TestCity.closeAll(a, b);
        if (mynaportal != null) {
            mynaportal.close();
        }
        if (childAllowance != null) {
            childAllowance.close();
        }
        if (residents != null) {
            residents.close();
        }
        if (lgwan != null) {
            lgwan.close();
        }
    }

    // ------------------------------------------------------------------ マイナポータル → the city's queue

    @Test
    void everyApplicationFromMynaportalBecomesExactlyOneCaseAndAPoisonOneIsDeadLettered() throws Exception {
        cities();
        connect(a, "mynaportal", mynaportal.url(""), "sim-password");
        connect(b, "mynaportal", mynaportal.url(""), "sim-password");
        var listed = call("GET", "/api/v1/integration/connectors", a.adminToken(), null);
        assertEquals(200, listed.status(), listed::toString);
        assertFalse(listed.body().contains("sim-password"), "the secret is never returned");
        JsonObject myna = find(listed.array().getValuesAs(JsonObject.class), "mynaportal");
        assertTrue(myna.getBoolean("secretSet") && myna.getBoolean("enabled"), myna::toString);

        List<String> numbersA = simApplications(A, 20, false);
        List<String> numbersB = simApplications(B, 15, false);
        String poison = simApplications(A, 1, true).get(0);

        waitFor(() -> mynaportalCases(A) >= 20 && mynaportalCases(B) >= 15 && inboundDeadLetters(a).size() >= 1,
                60, "20 + 15 applications received and the poison one dead-lettered");
        long listsThen = stat("lists");
        // more polls, each listing every 受付番号 twice again: nothing new may appear
        waitFor(() -> stat("lists") >= listsThen + 4, 30, "four more polls");
        assertEquals(20, mynaportalCases(A), "exactly one case per application in city A");
        assertEquals(15, mynaportalCases(B), "exactly one case per application in city B");
        assertEquals(new HashSet<>(numbersA), receivedIds(A), "city A received exactly its 受付番号");
        assertEquals(new HashSet<>(numbersB), receivedIds(B), "city B received exactly its 受付番号");

        List<JsonObject> dead = inboundDeadLetters(a);
        assertEquals(1, dead.size(), dead::toString);
        assertEquals(poison, dead.get(0).getString("messageId"));
        assertEquals("INBOUND", dead.get(0).getString("direction"));
        assertTrue(dead.get(0).getString("reason").contains("cannot be read")
                || dead.get(0).getString("reason").contains("no applicant"), dead.get(0)::toString);
        assertTrue(openDeadLetters(b).stream().noneMatch(d -> d.getString("messageId").equals(poison)),
                "city B sees none of A's dead letters");
        String deadId = dead.get(0).getString("id");
        var foreign = call("POST", "/api/v1/integration/dead-letters/" + deadId + "/retry", b.adminToken(), null);
        assertEquals(404, foreign.status(), "city B cannot retry A's dead letter: " + foreign);
        assertEquals(403, call("GET", "/api/v1/integration/dead-letters", a.staffToken(), null).status(),
                "staff are not city administrators");

        // a retry of the still-broken application fails again: a new dead letter, the old one marked RETRIED
        var retry = call("POST", "/api/v1/integration/dead-letters/" + deadId + "/retry", a.adminToken(), null);
        assertEquals(200, retry.status(), retry::toString);
        assertEquals("dead", retry.json().getString("outcome"));
        List<JsonObject> after = inboundDeadLetters(a);
        assertEquals(1, after.size(), after::toString);
        assertFalse(deadId.equals(after.get(0).getString("id")));
        assertEquals(20, mynaportalCases(A), "still exactly 20 cases");
    }

    /**
     * マイナポータル is listed from a watermark per city, not the whole look-back window on every poll: once a city's
     * listing took everything, the next ones start at the poll's date minus the overlap (1 day). An application listed
     * only now with an earlier 受付 date is still taken, exactly once: inside the overlap by the next listing, further
     * back by the next full listing (every {@code KYODO_INTEGRATION_MYNAPORTAL_FULL_LISTING_SECONDS}, 20 s in the ITs).
     * Two cities of their own (長崎市, 大分市), so the other tests' counts of cases are not touched.
     */
    @Test
    void mynaportalIsListedFromAWatermarkAndLateArrivalsAreStillTakenOnce() throws Exception {
        String c1 = "422011";
        String c2 = "442011";
        TestCity x = TestCity.create(c1);
        TestCity y = TestCity.create(c2);
        try {
            connect(x, "mynaportal", mynaportal.url(""), "sim-password");
            connect(y, "mynaportal", mynaportal.url(""), "sim-password");
            java.time.LocalDate today = java.time.LocalDate.now();
            Set<String> filedX = new HashSet<>(simApplications(c1, 3, false));
            Set<String> filedY = new HashSet<>(simApplications(c2, 2, false));
            waitFor(() -> mynaportalCases(c1) >= 3 && mynaportalCases(c2) >= 2, 60, "the first applications received");
            // the next listings of X start a day back, not seven (the first one was full; one every 20 s is full)
            waitFor(() -> !java.time.LocalDate.parse(lastFrom(c1)).isBefore(today.minusDays(2)), 30,
                    "an incremental listing, from the watermark minus the overlap, not 7 days back");

            // late arrivals: one a day old (inside the overlap), one five days old (only a full listing lists it)
            filedX.addAll(simApplications(c1, 1, false, 1));
            filedX.addAll(simApplications(c1, 1, false, 5));
            filedY.addAll(simApplications(c2, 1, false, 5));
            waitFor(() -> mynaportalCases(c1) >= 5 && mynaportalCases(c2) >= 3, 90, "the late arrivals received");
            long lists2 = stat("lists");
            waitFor(() -> stat("lists") >= lists2 + 4, 30, "four more polls");
            assertEquals(5, mynaportalCases(c1), "exactly one case per application in 長崎市");
            assertEquals(3, mynaportalCases(c2), "exactly one case per application in 大分市");
            assertEquals(filedX, receivedIds(c1), "長崎市 received exactly its 受付番号");
            assertEquals(filedY, receivedIds(c2), "大分市 received exactly its 受付番号");
        } finally {
            TestCity.closeAll(x, y);
        }
    }

    private static String lastFrom(String lg) {
        var r = call("GET", mynaportal.url("/_sim/stats?lgCode=" + lg), null, null);
        assertTrue(r.json().containsKey("lastFrom"), r::toString);
        return r.json().getString("lastFrom");
    }

    // ------------------------------------------------------------------ outbox → 児童手当

    @Test
    void onePartnerDownDelaysNoOtherCityAndEverythingArrivesOnceInOrderPerCitizen() throws Exception {
        cities();
        String endpoint = childAllowance.url("/api/v1/applications");
        connect(a, "child-allowance", endpoint, "token-a");
        connect(b, "child-allowance", endpoint, "token-b");
        simMode(A, "down");
        simMode(B, "ack-lost"); // B's partner applies each message but its reply is lost: every message comes twice

        int citizens = 3;
        int perCitizen = 20;
        Map<String, List<String>> expectedA = publish(A, citizens, perCitizen);
        Map<String, List<String>> expectedB = publish(B, citizens, perCitizen);
        UUID poison = publishRaw(A, "child-allowance.application-approved", "citizen-poison", "{\"note\":\"no application id\"}");

        // city B is served while A's partner is down
        waitFor(() -> citizenEffects(B).size() >= citizens * perCitizen, 60, "city B's 60 messages delivered");
        assertEquals(0, citizenEffects(A).size(), "A's partner is down");
        assertEquals(0, count(A, "SELECT count(*) FROM outbox_message WHERE status = 'DEAD' AND message_key <> 'citizen-poison'"),
                "a partner that is down does not kill messages");
        assertOrderedOnce(expectedB, citizenEffects(B));
        // the second delivery of a message whose reply was lost comes after its retry delay, so the last effect can be
        // recorded before the last duplicate: wait for the duplicates instead of reading them at once (a fresh-clone
        // run read 59 of 60)
        waitFor(() -> simReceived(B).getInt("duplicates") >= citizens * perCitizen, 60,
                "every message of B delivered at least twice (its reply lost)");

        // A's partner comes back: everything arrives, once, in order per citizen; the poison message is dead
        simMode(A, "up");
        waitFor(() -> citizenEffects(A).size() >= citizens * perCitizen, 90, "city A's 60 messages delivered after the outage");
        assertOrderedOnce(expectedA, citizenEffects(A));
        waitFor(() -> count(A, "SELECT count(*) FROM outbox_message WHERE status = 'DEAD' AND message_key LIKE 'citizen-%'") == 1,
                30, "the poison message dead");
        assertEquals(0, count(A, "SELECT count(*) FROM outbox_message WHERE status = 'PENDING' AND message_key LIKE 'citizen-%'"),
                "nothing else stuck in A");
        assertEquals(0, count(B, "SELECT count(*) FROM outbox_message WHERE status <> 'SENT' AND message_key LIKE 'citizen-%'"),
                "nothing stuck in B");
        assertTrue(openDeadLetters(a).stream().anyMatch(d -> d.getString("messageId").equals(poison.toString())
                && d.getString("reason").contains("422")), () -> openDeadLetters(a).toString());
        assertTrue(openDeadLetters(b).stream().noneMatch(d -> d.getString("messageId").equals(poison.toString())));

        // the outbox API through a city admin's test message (Outbox.publish in the request's transaction)
        var test = call("POST", "/api/v1/integration/connectors/child-allowance/test-message", a.adminToken(), null);
        assertEquals(200, test.status(), test::toString);
        String testId = test.json().getString("outboxId");
        waitFor(() -> count(A, "SELECT count(*) FROM outbox_message WHERE status = 'SENT' AND id = '" + testId + "'") == 1,
                30, "the test message sent");
        assertEquals(0, count(B, "SELECT count(*) FROM outbox_message WHERE id = '" + testId + "'"), "not visible in B");

        var health = call("GET", "/api/v1/integration/health", a.adminToken(), null);
        assertEquals(200, health.status(), health::toString);
        assertTrue(health.json().getBoolean("running"));
        assertTrue(health.json().containsKey("breakers"), health::toString);
        assertFalse(health.json().containsKey("routes") || health.json().containsKey("inflight"),
                () -> "a city's administrator sees no counts over every city of the server: " + health);
        // the server's counts over all cities are the vendor's
        var server = call("GET", "/api/v1/integration/server", Platform.vendor(), null);
        assertEquals(200, server.status(), server::toString);
        assertTrue(server.json().getJsonObject("routes").containsKey("outbox-deliver"), server::toString);
        assertTrue(server.json().containsKey("inflight"), server::toString);
        assertEquals(403, call("GET", "/api/v1/integration/server", a.adminToken(), null).status());
    }

    @Test
    void connectorSettingsAreCheckedAndPerCity() {
        cities();
        var bad = call("PUT", "/api/v1/integration/connectors/child-allowance", a.adminToken(),
                "{\"enabled\":true,\"endpoint\":\"http://169.254.169.254/latest\",\"pollSeconds\":60}");
        assertEquals(400, bad.status(), bad::toString);
        assertTrue(bad.isProblem(), bad::toString);
        var unknown = call("PUT", "/api/v1/integration/connectors/nowhere", a.adminToken(), "{\"endpoint\":\"http://localhost/\"}");
        assertEquals(404, unknown.status(), unknown::toString);
        var staff = call("PUT", "/api/v1/integration/connectors/child-allowance", a.staffToken(),
                "{\"enabled\":true,\"endpoint\":\"http://localhost:1/\"}");
        assertEquals(403, staff.status(), staff::toString);
        var mine = call("PUT", "/api/v1/integration/connectors/mynaportal", b.adminToken(),
                "{\"enabled\":false,\"endpoint\":\"http://localhost:9/b-only\",\"pollSeconds\":5}");
        assertEquals(200, mine.status(), mine::toString);
        String aView = call("GET", "/api/v1/integration/connectors", a.adminToken(), null).body();
        assertFalse(aView.contains("b-only"), "city A does not see B's connector: " + aView);
    }

    // ------------------------------------------------------------------ applications.decided → 児童手当

    @Test
    void anApprovedChildAllowanceApplicationReachesTheChildAllowanceSystemOnceThroughAnOutageAndADeadLetter() throws Exception {
        cities();
        connect(a, "child-allowance", childAllowance.url("/api/v1/applications"), "token-a");

        // the partner is down while staff decide: the event is retried (attempts grow), nothing is lost or dead
        simMode(A, "down");
        String[] first = childAllowanceApplication(a, true);
        waitFor(() -> count(A, "SELECT coalesce(max(attempts), 0) FROM outbox_message WHERE topic = 'applications.decided' "
                + "AND message_key = '" + first[0] + "'") >= 3, 60, "three dispatch attempts while the partner is down");
        assertEquals(0, effectsOf(A, first[0]).size(), "nothing applied while down");
        assertEquals(1, count(A, "SELECT count(*) FROM outbox_message WHERE topic = 'applications.decided' AND message_key = '"
                + first[0] + "' AND status = 'PENDING'"), "still waiting, not dead");

        // it comes back but loses its replies (every message arrives twice): exactly one effect, with the application
        simMode(A, "ack-lost");
        waitFor(() -> decidedStatus(A, first[0]).equals("SENT"), 60, "the decision delivered after the outage");
        List<JsonObject> once = effectsOf(A, first[0]);
        assertEquals(1, once.size(), once::toString);
        assertEquals(first[1], once.get(0).getString("receptionNumber"));
        assertEquals(first[0], once.get(0).getString("messageKey"), "keyed by the application");

        // a rejected application and another procedure are not the 児童手当 system's business: consumed, never sent
        simMode(A, "up");
        String[] rejected = childAllowanceApplication(a, false);
        waitFor(() -> decidedStatus(A, rejected[0]).equals("SENT"), 30, "the rejection consumed");
        assertEquals(0, effectsOf(A, rejected[0]).size(), "a rejected application is not delivered");

        // the partner refuses: a dead letter with the original event; after the fix, the retry button delivers it once
        simMode(A, "refuse");
        String[] refused = childAllowanceApplication(a, true);
        waitFor(() -> decidedStatus(A, refused[0]).equals("DEAD"), 60, "the refused decision dead");
        String outboxId = decidedOutboxId(A, refused[0]);
        JsonObject dead = openDeadLetters(a).stream().filter(d -> d.getString("messageId").equals(outboxId)).findFirst()
                .orElseThrow(() -> new AssertionError("no dead letter for " + outboxId + ": " + openDeadLetters(a)));
        assertEquals("child-allowance", dead.getString("partner"), dead::toString);
        assertTrue(dead.getString("reason").contains("422"), dead::toString);
        assertTrue(dead.toString().contains(refused[0]), "the original event is kept: " + dead);
        assertTrue(openDeadLetters(b).stream().noneMatch(d -> d.getString("messageId").equals(outboxId)), "not B's");
        assertEquals(404, call("POST", "/api/v1/integration/dead-letters/" + dead.getString("id") + "/retry", b.adminToken(), null)
                .status(), "city B cannot retry A's dead letter");
        assertEquals(0, effectsOf(A, refused[0]).size());
        simMode(A, "up");
        var retry = call("POST", "/api/v1/integration/dead-letters/" + dead.getString("id") + "/retry", a.adminToken(), null);
        assertEquals(200, retry.status(), retry::toString);
        waitFor(() -> decidedStatus(A, refused[0]).equals("SENT"), 30, "the retried decision delivered");
        assertEquals(1, effectsOf(A, refused[0]).size(), "exactly once after the retry");
        assertEquals(1, effectsOf(A, first[0]).size(), "still exactly once");
        assertEquals(0, count(B, "SELECT count(*) FROM outbox_message WHERE message_key = '" + first[0] + "'"), "A's event not in B");
        // the hand-over is in the city's audit trail (once per delivery)
        assertEquals(1, count(A, "SELECT count(*) FROM audit_event WHERE action = 'integration.delivered' AND entity_id = '"
                + first[0] + "'"));
    }

    /** Files a 児童手当 認定請求 as city {@code c}'s citizen and decides it through the staff API: {id, reception number}. */
    private static String[] childAllowanceApplication(TestCity c, boolean approve) {
        var started = call("POST", "/api/v1/my/applications", c.citizenToken(), "{\"procedureId\":\"jido-teate-nintei\"}");
        assertEquals(201, started.status(), started::toString);
        String id = started.json().getString("id");
        Map<String, String> answers = new HashMap<>();
        ApplicationsIT.fields(started.json()).forEach((k, v) -> {
            if (!k.contains("#") && v != null) {
                answers.put(k, v);
            }
        });
        answers.putAll(Map.of("applicant.postalCode", "660-0051", "applicant.address", "試験町1-23-1",
                "applicant.phone", "06-6375-0000", "applicant.insurance", "kokuho", "bank.bankName", "試験銀行",
                "bank.branch", "本店", "bank.accountType", "futsu", "bank.accountNumber", "1234567",
                "children[0].livingTogether", "yes"));
        var saved = call("PUT", "/api/v1/my/applications/" + id + "/answers", c.citizenToken(), ApplicationsIT.json(answers));
        assertEquals(200, saved.status(), saved::toString);
        var doc = Platform.multipart("/api/v1/my/applications/" + id + "/files", c.citizenToken(),
                Platform.Part.field("requirement", "account-proof"), Platform.Part.file("通帳.pdf", "application/pdf", ApplicationsIT.PDF));
        assertEquals(200, doc.status(), doc::toString);
        var submitted = ApplicationsIT.submit(c.citizenToken(), id, UUID.randomUUID().toString());
        assertEquals(201, submitted.status(), submitted::toString);
        String number = submitted.json().getString("receptionNumber");
        if (!approve) {
            var no = call("POST", "/api/v1/applications/" + id + "/reject", c.operatorToken(), "{\"reason\":\"要件を満たしません。\"}");
            assertEquals(200, no.status(), no::toString);
            return new String[] {id, number};
        }
        assertEquals(200, call("POST", "/api/v1/applications/" + id + "/take", c.operatorToken(), null).status());
        var intake = call("POST", "/api/v1/applications/" + id + "/approve", c.operatorToken(), Json.createObjectBuilder()
                .add("checked", Json.createArrayBuilder().add("請求者と口座名義が同じ").add("添付書類がそろっている")).build().toString());
        assertEquals(200, intake.status(), intake::toString);
        String decision = Json.createObjectBuilder().add("reason", "養育を確認しました。").add("checked", Json.createArrayBuilder()
                .add("養育の事実を確認した").add("所得の状況を確認した").add("支給開始月を確認した")).build().toString();
        assertEquals(200, call("POST", "/api/v1/applications/" + id + "/approve", c.staffToken(), decision).status());
        var decided = call("POST", "/api/v1/applications/" + id + "/approve", c.adminToken(), decision);
        assertEquals("APPROVED", decided.json().getString("status"), decided::toString);
        return new String[] {id, number};
    }

    private static String decidedStatus(String lg, String applicationId) {
        return text(lg, "SELECT coalesce(max(status), '') FROM outbox_message WHERE topic = 'applications.decided' AND message_key = '"
                + applicationId + "'");
    }

    private static String decidedOutboxId(String lg, String applicationId) {
        return text(lg, "SELECT id::text FROM outbox_message WHERE topic = 'applications.decided' AND message_key = '"
                + applicationId + "'");
    }

    private static String text(String lg, String sql) {
        try (Connection conn = Platform.appConnection()) {
            conn.setAutoCommit(false);
            TenantIsolationIT.bind(conn, TenantIsolationIT.cityId(lg));
            try (ResultSet rs = conn.createStatement().executeQuery(sql)) {
                String v = rs.next() ? rs.getString(1) : "";
                conn.rollback();
                return v == null ? "" : v;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ LGWAN: files through the gateway

    @Test
    void aLgwanOnlyCitysDecisionCrossesTheGatewayAsAFileOnceAndRefusalsComeBackAsDeadLetters() throws Exception {
        cities();
        var withUrl = call("PUT", "/api/v1/integration/connectors/child-allowance-lgwan", b.adminToken(),
                "{\"enabled\":true,\"endpoint\":\"http://localhost:1/\"}");
        assertEquals(400, withUrl.status(), "an LGWAN connector takes no address from the city: " + withUrl);
        var on = call("PUT", "/api/v1/integration/connectors/child-allowance-lgwan", b.adminToken(),
                "{\"enabled\":true,\"pollSeconds\":1}");
        assertEquals(200, on.status(), on::toString);

        // the LGWAN-side system is down: the drop box takes the file (store and forward), the gateway forwards it,
        // and it waits on the LGWAN side; Kyodo's message is handed over, not lost
        lgwanMode(B, "down");
        String[] first = childAllowanceApplication(b, true);
        waitFor(() -> decidedStatus(B, first[0]).equals("SENT"), 30, "the decision handed to the drop box");
        String file = decidedOutboxId(B, first[0]) + ".json";
        Path held = lgwanDir.resolve("lgwan").resolve(B).resolve("in").resolve(file + ".done");
        Path dropped = lgwanDir.resolve("drop").resolve(B).resolve("send").resolve(file);
        waitFor(() -> Files.exists(held) && !Files.exists(dropped), 30,
                "the gateway forwarded the file into the LGWAN zone and took it from the drop box");
        assertEquals(0, lgwanEffectsOf(B, first[0]).size(), "not applied while the LGWAN side is down");

        // it comes back: applied once, and its result comes back the same way and is received once
        lgwanMode(B, "up");
        waitFor(() -> lgwanEffectsOf(B, first[0]).size() == 1, 30, "applied on the LGWAN side");
        assertEquals(first[1], lgwanEffectsOf(B, first[0]).get(0).getString("receptionNumber"));
        waitFor(() -> count(B, "SELECT count(*) FROM integration_received_message WHERE partner = 'child-allowance-lgwan'") >= 1,
                30, "the result received");
        waitFor(() -> resultFiles(B) == 0, 30, "the result taken from the drop box");
        assertEquals(0, count(A, "SELECT count(*) FROM integration_received_message WHERE partner = 'child-allowance-lgwan'"),
                "nothing of B's in A");
        assertEquals(0, effectsOf(B, first[0]).size(), "B's decision went over LGWAN, not to the direct connector");

        // the 児童手当 system refuses: the result is a dead letter, the row dead; after the fix the retry drops it again
        lgwanMode(B, "refuse");
        String[] refused = childAllowanceApplication(b, true);
        waitFor(() -> decidedStatus(B, refused[0]).equals("DEAD"), 60, "the refusal came back");
        String refusedId = decidedOutboxId(B, refused[0]);
        JsonObject dead = openDeadLetters(b).stream().filter(d -> d.getString("messageId").equals(refusedId)).findFirst()
                .orElseThrow(() -> new AssertionError("no dead letter: " + openDeadLetters(b)));
        assertEquals("child-allowance-lgwan", dead.getString("partner"), dead::toString);
        assertTrue(dead.getString("reason").contains("cannot_register"), dead::toString);
        assertTrue(openDeadLetters(a).stream().noneMatch(d -> d.getString("messageId").equals(refusedId)), "not A's");
        lgwanMode(B, "up");
        var retry = call("POST", "/api/v1/integration/dead-letters/" + dead.getString("id") + "/retry", b.adminToken(), null);
        assertEquals(200, retry.status(), retry::toString);
        waitFor(() -> lgwanEffectsOf(B, refused[0]).size() == 1, 60, "applied after the retry");
        waitFor(() -> decidedStatus(B, refused[0]).equals("SENT"), 30, "sent after the retry");

        // a file the gateway refuses (not an allowed type): its reason comes back as a dead letter, nothing else stuck
        Path send = Files.createDirectories(lgwanDir.resolve("drop").resolve(B).resolve("send"));
        Files.write(send.resolve("setup.exe"), new byte[] {'M', 'Z', 0, 1});
        Files.write(send.resolve("setup.exe.done"), new byte[0]);
        waitFor(() -> openDeadLetters(b).stream().anyMatch(d -> d.getString("messageId").equals("setup.exe")
                && d.getString("reason").contains("file type not allowed")), 30, "the gateway's refusal as a dead letter");
        assertTrue(call("GET", lgwan.url("/_sim/log"), null, null).json().getString("log").contains("setup.exe REJECTED"),
                "the gateway logged the reject");
        assertEquals(1, lgwanEffectsOf(B, first[0]).size(), "still exactly once");
        assertEquals(0, count(B, "SELECT count(*) FROM outbox_message WHERE topic = 'applications.decided' AND status <> 'SENT'"));
    }

    private static void lgwanMode(String lg, String mode) {
        var r = call("POST", lgwan.url("/_sim/mode"), null, "{\"lgCode\":\"" + lg + "\",\"mode\":\"" + mode + "\"}");
        assertEquals(200, r.status(), r::toString);
    }

    private static List<JsonObject> lgwanEffectsOf(String lg, String applicationId) {
        return call("GET", lgwan.url("/_sim/received?lgCode=" + lg), null, null).json().getJsonArray("effects")
                .getValuesAs(JsonObject.class).stream().filter(e -> applicationId.equals(e.getString("applicationId"))).toList();
    }

    private static long resultFiles(String lg) {
        Path receive = lgwanDir.resolve("drop").resolve(lg).resolve("receive");
        if (!Files.isDirectory(receive)) {
            return 0;
        }
        try (var files = Files.list(receive)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".result.json")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ kill -9 of the partner mid-stream

    @Test
    void aPartnerKilledWithKill9MidStreamLosesNothingAndDoublesNothing() throws Exception {
        cities();
        Path journal = lgwanDir.resolveSibling("it-child-allowance-journal.tsv");
        Files.deleteIfExists(journal);
        Simulator first = Simulator.start("ChildAllowanceSimulator", "it.sim.child-allowance-durable.port", 7165,
                journal.toString());
        Simulator second = null;
        try {
            connect(a, "child-allowance", first.url("/api/v1/applications"), "token-a");
            // enough to kill the partner with hundreds in flight and queued; the soak with thousands is a benchmark
            int keys = 10;
            int perKey = 40;
            Map<String, List<String>> expected = publishMany(A, "kill-citizen-", keys, perKey);
            int total = keys * perKey;
            waitFor(() -> effectsAt(first, A).size() >= total / 4, 120, "a quarter delivered before the kill");
            first.kill(); // SIGKILL mid-stream: whatever was in flight gets no reply
            assertFalse(first.alive());
            int before = effectsFromJournal(journal);
            assertTrue(before < total, "killed mid-stream: " + before + " of " + total);
            // Kyodo keeps them: the partner is unavailable, the rows are rescheduled, none is dead
            waitFor(() -> count(A, "SELECT count(*) FROM outbox_message WHERE message_key LIKE 'kill-citizen-%' "
                    + "AND status = 'PENDING' AND last_error IS NOT NULL") > 0, 60, "Kyodo sees the partner gone");
            second = Simulator.start("ChildAllowanceSimulator", "it.sim.child-allowance-durable.port", 7165, journal.toString());
            waitFor(() -> count(A, "SELECT count(*) FROM outbox_message WHERE message_key LIKE 'kill-citizen-%' AND status = 'SENT'")
                    == total, 180, "every message sent after the restart");
            List<JsonObject> effects = effectsAt(second, A).stream()
                    .filter(e -> e.getString("messageKey").startsWith("kill-citizen-")).toList();
            assertEquals(total, effects.size(), "0 lost, 0 doubled (" + before + " applied before the kill)");
            assertOrderedOnce(expected, effects);
            assertEquals(0, count(A, "SELECT count(*) FROM outbox_message WHERE message_key LIKE 'kill-citizen-%' AND status = 'DEAD'"));
        } finally {
            first.close();
            if (second != null) {
                second.close();
            }
        }
    }

    private static List<JsonObject> effectsAt(Simulator sim, String lg) {
        return call("GET", sim.url("/_sim/received?lgCode=" + lg), null, null).json().getJsonArray("effects")
                .getValuesAs(JsonObject.class);
    }

    private static int effectsFromJournal(Path journal) throws IOException {
        return Files.exists(journal) ? Files.readAllLines(journal).size() : 0;
    }

    /** {@code perKey} partner messages for each of {@code keys} keys, interleaved, in one transaction. */
    private static Map<String, List<String>> publishMany(String lg, String prefix, int keys, int perKey) throws SQLException {
        Map<String, List<String>> expected = new LinkedHashMap<>();
        try (Connection conn = Platform.appConnection()) {
            conn.setAutoCommit(false);
            TenantIsolationIT.bind(conn, TenantIsolationIT.cityId(lg));
            try (PreparedStatement ps = conn.prepareStatement(
                    "INSERT INTO outbox_message (topic, message_key, payload) VALUES (?, ?, CAST(? AS jsonb))")) {
                for (int i = 0; i < perKey; i++) {
                    for (int k = 1; k <= keys; k++) {
                        String key = prefix + k;
                        String app = lg + "-" + key + "-" + i;
                        ps.setString(1, "child-allowance.application-approved");
                        ps.setString(2, key);
                        ps.setString(3, "{\"applicationId\":\"" + app + "\",\"n\":" + i + "}");
                        ps.addBatch();
                        expected.computeIfAbsent(key, x -> new ArrayList<>()).add(app);
                    }
                }
                ps.executeBatch();
            }
            conn.commit();
        }
        return expected;
    }

    // ------------------------------------------------------------------ 住民記録 (pre-fill)

    @Test
    void staffReadOneResidentRecordByAtenaNumberWithConsentAndOnlyInTheirCity() {
        cities();
        connect(a, "resident-record", residents.url("/api/v1"), "token-a");
        String atena = withCheckDigit(A.substring(0, 5) + "00001");
        var ok = call("GET", "/api/v1/integration/residents/" + atena + "?consent=C-2026-0001", a.staffToken(), null);
        assertEquals(200, ok.status(), ok::toString);
        assertEquals("山田 太郎", ok.json().getString("name"));
        assertEquals(atena, ok.json().getString("atenaNumber"));

        String wrongDigit = atena.substring(0, atena.length() - 1) + ((atena.charAt(atena.length() - 1) - '0' + 1) % 10);
        var bad = call("GET", "/api/v1/integration/residents/" + wrongDigit + "?consent=C-1", a.staffToken(), null);
        assertEquals(400, bad.status(), bad::toString);
        assertTrue(bad.isProblem() && bad.body().contains("チェックデジット"), bad::toString);
        var noConsent = call("GET", "/api/v1/integration/residents/" + atena, a.staffToken(), null);
        assertEquals(400, noConsent.status(), noConsent::toString);
        var unknown = call("GET", "/api/v1/integration/residents/" + withCheckDigit(A.substring(0, 5) + "99999") + "?consent=C-1",
                a.staffToken(), null);
        assertEquals(404, unknown.status(), unknown::toString);
        assertEquals(403, call("GET", "/api/v1/integration/residents/" + atena + "?consent=C-1", a.citizenToken(), null).status(),
                "citizens cannot read resident records");
        var other = call("GET", "/api/v1/integration/residents/" + atena + "?consent=C-1", b.staffToken(), null);
        assertEquals(503, other.status(), "city B has no resident-record connector: A's is not used: " + other);
        assertTrue(other.isProblem(), other::toString);
    }

    static String withCheckDigit(String body) {
        int sum = 0;
        int weight = 2;
        for (int i = body.length() - 1; i >= 0; i--) {
            sum += (body.charAt(i) - '0') * weight;
            weight = weight == 7 ? 2 : weight + 1;
        }
        int r = sum % 11;
        return body + (r <= 1 ? 0 : 11 - r);
    }

    // ------------------------------------------------------------------ helpers

    private static void connect(TestCity c, String partner, String endpoint, String secret) {
        var r = call("PUT", "/api/v1/integration/connectors/" + partner, c.adminToken(), Json.createObjectBuilder()
                .add("enabled", true).add("endpoint", endpoint).add("account", "kyodo-" + c.code).add("secret", secret)
                .add("pollSeconds", 1).build().toString());
        assertEquals(200, r.status(), r::toString);
    }

    private static List<String> simApplications(String lg, int count, boolean poison) {
        return simApplications(lg, count, poison, 0);
    }

    /** Files applications on the simulated マイナポータル, received {@code daysAgo} days ago (listed only from now on). */
    private static List<String> simApplications(String lg, int count, boolean poison, int daysAgo) {
        var r = call("POST", mynaportal.url("/_sim/applications"), null, "{\"lgCode\":\"" + lg + "\",\"count\":" + count
                + ",\"poison\":\"" + poison + "\",\"receivedDaysAgo\":" + daysAgo + "}");
        assertEquals(201, r.status(), r::toString);
        return r.json().getJsonArray("receiptNumbers").getValuesAs(jakarta.json.JsonString.class).stream()
                .map(jakarta.json.JsonString::getString).toList();
    }

    private static long stat(String name) {
        return call("GET", mynaportal.url("/_sim/stats"), null, null).json().getJsonNumber(name).longValue();
    }

    private static void simMode(String lg, String mode) {
        var r = call("POST", childAllowance.url("/_sim/mode"), null, "{\"lgCode\":\"" + lg + "\",\"mode\":\"" + mode + "\"}");
        assertEquals(200, r.status(), r::toString);
    }

    private static JsonObject simReceived(String lg) {
        return call("GET", childAllowance.url("/_sim/received?lgCode=" + lg), null, null).json();
    }

    private static List<JsonObject> effects(String lg) {
        return simReceived(lg).getJsonArray("effects").getValuesAs(JsonObject.class);
    }

    /** The effects of the raw outbox messages of {@link #publish} (keys citizen-*), not those of decided applications. */
    private static List<JsonObject> citizenEffects(String lg) {
        return effects(lg).stream().filter(e -> e.getString("messageKey").startsWith("citizen-")).toList();
    }

    private static List<JsonObject> effectsOf(String lg, String applicationId) {
        return effects(lg).stream().filter(e -> applicationId.equals(e.getString("applicationId"))).toList();
    }

    private static List<JsonObject> openDeadLetters(TestCity c) {
        var r = call("GET", "/api/v1/integration/dead-letters", c.adminToken(), null);
        assertEquals(200, r.status(), r::toString);
        return r.array().getValuesAs(JsonObject.class);
    }

    /**
     * City {@code c}'s open dead letters of the マイナポータル application route only: the other tests of this class
     * share the cities and leave an outbound poison message of their own (in whatever order JUnit runs them).
     */
    private static List<JsonObject> inboundDeadLetters(TestCity c) {
        return openDeadLetters(c).stream().filter(d -> "mynaportal-application".equals(d.getString("route"))).toList();
    }

    private static JsonObject find(List<JsonObject> list, String partner) {
        return list.stream().filter(o -> o.getString("partner").equals(partner)).findFirst().orElseThrow();
    }

    /** Publishes {@code perCitizen} approved applications for each of {@code citizens}, interleaved. */
    private static Map<String, List<String>> publish(String lg, int citizens, int perCitizen) throws SQLException {
        Map<String, List<String>> expected = new LinkedHashMap<>();
        for (int i = 0; i < perCitizen; i++) {
            for (int c = 1; c <= citizens; c++) {
                String key = "citizen-" + c;
                String app = lg + "-" + key + "-" + i;
                publishRaw(lg, "child-allowance.application-approved", key, "{\"applicationId\":\"" + app + "\",\"n\":" + i + "}");
                expected.computeIfAbsent(key, k -> new ArrayList<>()).add(app);
            }
        }
        return expected;
    }

    /** An outbox row written as a business transaction would, with the city bound (row-level security). */
    private static UUID publishRaw(String lg, String topic, String key, String json) throws SQLException {
        try (Connection conn = Platform.appConnection()) {
            conn.setAutoCommit(false);
            TenantIsolationIT.bind(conn, TenantIsolationIT.cityId(lg));
            try (PreparedStatement ps = conn.prepareStatement(
                    "INSERT INTO outbox_message (topic, message_key, payload) VALUES (?, ?, CAST(? AS jsonb)) RETURNING id")) {
                ps.setString(1, topic);
                ps.setString(2, key);
                ps.setString(3, json);
                ResultSet rs = ps.executeQuery();
                rs.next();
                UUID id = (UUID) rs.getObject(1);
                conn.commit();
                return id;
            }
        }
    }

    private static void assertOrderedOnce(Map<String, List<String>> expected, List<JsonObject> effects) {
        Set<String> keys = new HashSet<>();
        Map<String, List<String>> actual = new LinkedHashMap<>();
        for (JsonObject e : effects) {
            assertTrue(keys.add(e.getString("idempotencyKey")), "one effect per message: " + e);
            actual.computeIfAbsent(e.getString("messageKey"), k -> new ArrayList<>()).add(e.getString("applicationId"));
        }
        assertEquals(expected, actual, "every message once, in order per citizen");
    }

    private static long mynaportalCases(String lg) {
        return count(lg, "SELECT count(*) FROM inquiry_case WHERE channel = 'MYNAPORTAL'");
    }

    private static Set<String> receivedIds(String lg) throws SQLException {
        try (Connection conn = Platform.appConnection()) {
            conn.setAutoCommit(false);
            TenantIsolationIT.bind(conn, TenantIsolationIT.cityId(lg));
            Set<String> out = new HashSet<>();
            try (ResultSet rs = conn.createStatement().executeQuery(
                    "SELECT message_id FROM integration_received_message WHERE partner = 'mynaportal'")) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            conn.rollback();
            return out;
        }
    }

    /** A count in one city, read as the application's role with that city bound (row-level security applies). */
    static long count(String lg, String sql) {
        try (Connection conn = Platform.appConnection()) {
            conn.setAutoCommit(false);
            TenantIsolationIT.bind(conn, TenantIsolationIT.cityId(lg));
            try (ResultSet rs = conn.createStatement().executeQuery(sql)) {
                rs.next();
                long n = rs.getLong(1);
                conn.rollback();
                return n;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void waitFor(BooleanSupplier done, int seconds, String what) throws InterruptedException {
        long until = System.nanoTime() + seconds * 1_000_000_000L;
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < until, what + ": not within " + seconds + " s");
            Thread.sleep(200);
        }
    }

}
