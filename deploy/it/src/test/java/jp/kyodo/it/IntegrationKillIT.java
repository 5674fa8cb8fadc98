package jp.kyodo.it;

import static jp.kyodo.it.Platform.call;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.kyodo.it.TwoServersIT.SecondServer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 12, item 5: the Liberty server that runs the Camel routes killed with {@code kill -9} in the middle of outbound
 * and inbound messages, then started again — every message reaches the partner exactly once and every application the
 * city's queue exactly once.
 *
 * <p>The server killed is server B, a second Liberty of the test installation started here as {@link TwoServersIT}
 * starts it (the run server's configuration and the EAR, its own ports and data directory; the same PostgreSQL).
 * Arquillian's server A cannot be killed inside a test (Arquillian manages it, and every other IT class of the run
 * uses it), and its routes cannot be switched off for one class: so A runs them too, as the second pod of a real
 * deployment would. Both claim outbox rows ({@code FOR UPDATE SKIP LOCKED}, leased) and both poll マイナポータル. B is
 * killed after it has worked both ways, while it is delivering, with messages not applied and applications not
 * received yet; that it held a claim when it died is asserted. The rows it held
 * wait for its lease (B's {@code kyodo.integration.outbox.lease-seconds} is {@value #B_LEASE} s here, A's the default 60)
 * and are then sent again, with the same Idempotency-Key, by whichever server claims them first — A, or B once
 * restarted. An inbound transaction of B cut by the kill is rolled back by PostgreSQL and the number is received again
 * at the next poll. More messages are written and filed after the kill and after the restart, so B handles messages
 * again after its restart (asserted).
 *
 * <p>Checked at the end, against the partner's own records: the durable 児童手当 simulator's journal (written and
 * forced before each reply, one line per applied message) holds every outbox message's id exactly once, every
 * application id once, in order per message key (the outbox promises order per key); the city's queue holds exactly one
 * マイナポータル case per 受付番号 (inbound applications are independent: no order is promised or checked); nothing is
 * dead; each city sees only its own. Sizes: {@code kyodo.it.kill.outbox} (default 1,500 outbox messages over two
 * cities), {@code kyodo.it.kill.inbound} (default 400 applications) — {@code bench/integration-kill} runs this class
 * with 10,000 and 2,000 and prints the same RESULT line.
 *
 * <p>The second test is the same kill with B as the <b>only</b> server running the routes (A held stopped with
 * SIGSTOP meanwhile): see {@link #theOnlyServerRunningTheRoutesKilledWithKill9MidStreamAndRestartedLosesNothingAndDoublesNothing}.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IntegrationKillIT {

    /** 金沢市 and 大津市: codes no other IT class uses, so their rows are this class's alone. */
    private static final String A = "172014";
    private static final String B = "252018";
    /** 福井市 and 甲府市: the lone-server test's cities, no other IT class uses them. */
    private static final String C = "182010";
    private static final String D = "192015";
    /** Server B's outbox lease: the rows it holds when killed are claimable again this long after its claim. */
    static final int B_LEASE = 20;
    private static final int OUTBOX = Integer.getInteger("kyodo.it.kill.outbox", 1500);
    private static final int INBOUND = Integer.getInteger("kyodo.it.kill.inbound", 400);
    /** The lone-server test's sizes: enough to have hundreds of messages in flight when B dies, in bounded time. */
    private static final int LONE_OUTBOX = Integer.getInteger("kyodo.it.kill.lone.outbox", 800);
    private static final int LONE_INBOUND = Integer.getInteger("kyodo.it.kill.lone.inbound", 300);
    /** Message keys (citizens) per city: a key's messages must reach the partner in the order they were written. */
    private static final int KEYS = 50;
    private static final String TOPIC = "child-allowance.application-approved";

    private static TestCity a;
    private static TestCity b;
    private static TestCity c;
    private static TestCity d;
    /** Arquillian's server A while the lone-server test holds it stopped (SIGSTOP), else null. */
    private static volatile ProcessHandle frozenA;
    private static Simulator mynaportal;
    private static Simulator childAllowance;
    private static Path journal;
    private static SecondServer serverB;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Platform.application();
    }

    @BeforeAll
    static void start() throws Exception {
        journal = Path.of("target", "it-kill-child-allowance-journal.tsv");
        Files.deleteIfExists(journal);
        childAllowance = Simulator.start("ChildAllowanceSimulator", "it.sim.child-allowance-durable.port", 7165, journal.toString());
        mynaportal = Simulator.start("MynaportalSimulator", "it.sim.mynaportal.port", 7161, "sim-password", "2");
        // the cities before server B: B reads the city registry when it starts
        a = TestCity.create(A);
        b = TestCity.create(B);
        c = TestCity.create(C);
        d = TestCity.create(D);
        serverB = SecondServer.start(Integer.getInteger("it.http2.port", 9082), Integer.getInteger("it.https2.port", 9445),
                Map.of("KYODO_INTEGRATION_OUTBOX_LEASE_SECONDS", String.valueOf(B_LEASE)));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            thawA();
            if (serverB != null) {
                serverB.close();
            }
        } finally {
            TestCity.closeAll(a, b, c, d);
            if (mynaportal != null) {
                mynaportal.close();
            }
            if (childAllowance != null) {
                childAllowance.close();
            }
        }
    }

    @Test
    @Order(1)
    void theServerRunningTheRoutesKilledWithKill9MidStreamLosesNothingAndDoublesNothing() throws Exception {
        for (TestCity c : List.of(a, b)) {
            connect(c, "child-allowance", childAllowance.url("/api/v1/applications"));
            connect(c, "mynaportal", mynaportal.url(""));
        }
        Stream st = new Stream(A, B);
        String bId = serverId(serverB, null);

        // 1. 10 % of each at once, then more of both in small portions (up to 60 %), until B has worked both ways
        // (delivered outbox messages and run inbound store transactions: a server just started is slow at first, and A
        // may take everything before it). Then the kill (2.)
        long t0 = System.nanoTime();
        int filedSoFar = INBOUND / 10;
        inbound(st, filedSoFar);
        int written = outbound(st, 0, OUTBOX / 10);
        boolean bWorked = false;
        long appliedSeen = -1;
        long receivedSeen = -1;
        boolean midStream = false;
        long nextPortion = System.nanoTime();
        long until = System.nanoTime() + 300_000_000_000L;
        while (System.nanoTime() < until) {
            if (System.nanoTime() >= nextPortion) {
                int cap = bWorked ? 8 : 6; // tenths: the burst is kept in reserve until B has worked
                written = outbound(st, written, Math.max(written, Math.min(OUTBOX * cap / 10, written + Math.max(2, OUTBOX / 200))));
                filedSoFar = Math.max(filedSoFar, Math.min(INBOUND * cap / 10, filedSoFar + Math.max(2, INBOUND / 200)));
                inbound(st, filedSoFar);
                nextPortion = System.nanoTime() + 250_000_000L;
            }
            long now = completed(serverB, "outbox-deliver");
            bWorked = now > 0 && storedInbound(serverB) > 0;
            if (bWorked) {
                break;
            }
            Thread.sleep(5);
        }
        long storedByB = storedInbound(serverB);
        long sentByB = completed(serverB, "outbox-deliver");
        // 2. kill -9 of B while it holds a claim. On a fast machine B's batches finish in milliseconds, and a kill timed
        // on its counters found it holding nothing (a fresh-clone run of session 11). So the timing is made explicit: the
        // partner becomes slow (each call waits 300 ms, then is applied whether or not the caller is still there), the
        // senders hold their claims that long, and B is killed as soon as it holds claimed rows — calls the partner may
        // apply after B is gone, the window exactly-once must survive. The partner is fast again right after the kill.
        // The burst comes once the partner is slow, so both servers have work in flight; a few more applications are
        // filed just before the signal, so the kill also finds inbound work not yet received — on any machine.
        for (String lg : List.of(A, B)) {
            partnerMode(lg, "slow");
        }
        written = outbound(st, written, Math.max(written, Math.min(OUTBOX * 8 / 10, written + OUTBOX / 5)));
        filedSoFar = Math.max(filedSoFar, Math.min(INBOUND * 8 / 10, filedSoFar + INBOUND / 10));
        inbound(st, filedSoFar);
        // "holds claimed rows": pending rows leased to B (looked at while B is stopped, see awaitClaim)
        // The few more applications are filed first; then, once B is seen holding a claim, B is stopped (SIGSTOP), the
        // partner's and the queue's progress is read and the claim looked at again, and the stopped B is killed if that
        // look still finds it — B runs nothing between the look and the signal. (Without the stop, B finished its batch
        // in between now and then on a loaded machine: fresh clones of sessions 20 and 23 killed B 0 rows after seeing
        // it hold 10.)
        filedSoFar = Math.min(INBOUND * 9 / 10, filedSoFar + Math.max(2, INBOUND / 20));
        inbound(st, filedSoFar);
        int[] writtenSoFar = {written};
        ClaimSeen seen = awaitClaim(bId, st, INBOUND * 3 / 4, () -> {
            if (pending(A) + pending(B) < 20) {
                writtenSoFar[0] = outbound(st, writtenSoFar[0], Math.max(writtenSoFar[0],
                        Math.min(OUTBOX * 9 / 10, writtenSoFar[0] + 20)));
            }
            return null;
        });
        written = writtenSoFar[0];
        filedSoFar = (int) st.filedCount();
        appliedSeen = seen.applied();
        receivedSeen = seen.received();
        long leasedBeforeKill = seen.leased();
        long inflightBeforeKill = seen.inflight();
        midStream = appliedSeen < written && receivedSeen < filedSoFar;
        long leasedJustBefore = leasedBeforeKill;
        long inflightJustBefore = inflightBeforeKill;
        long killedAt = System.nanoTime();
        serverB.kill9();
        long leasedByB = leasedBy(bId, st); // what the dead server still holds
        for (String lg : List.of(A, B)) {
            partnerMode(lg, "normal");
        }
        // the partner's and the queue's progress as seen just before the signal (and again once B was gone)
        long appliedAtKill = appliedSeen;
        long casesAtKill = receivedSeen;
        int filedAtKill = filedSoFar;
        int writtenAtKill = written;
        boolean killedMidStream = midStream;
        System.out.printf(Locale.ROOT, "[integration-kill] server B (%s) killed with kill -9 %d ms after the first messages: "
                + "it held %d claimed outbox rows (%d just before the signal, %d outbox exchanges in flight); it had"
                + " delivered %d outbox messages and run %d inbound store transactions;"
                + " just before the kill the partner had applied %d of %d messages written so far and the queue held %d of"
                + " %d applications filed so far (once B was gone: %d and %d)%n", bId, (killedAt - t0) / 1_000_000,
                leasedByB, leasedJustBefore, inflightJustBefore, sentByB, storedByB, appliedAtKill, written, casesAtKill,
                filedAtKill, applied(st), receivedCount(st));
        // (what the kill hit is asserted at the end, with the outcome: a broken guarantee shows in the counts below)

        // 3. messages keep coming while B is down; then B is started again (same server, same data directory)
        inbound(st, INBOUND * 8 / 10);
        written = outbound(st, written, Math.max(written, OUTBOX * 8 / 10));
        // 4. the rest after the restart: B (restarted) takes part again
        AfterRestart r = restartAndDrain(st, bId, written, INBOUND, OUTBOX, () -> pending(A) + pending(B) == 0);

        Outcome o = outcome(st);
        long lostOut = o.lostOut;
        long doubledOut = o.doubledOut;
        long strayOut = o.strayOut;
        List<String> outOfOrder = o.outOfOrder;
        long lostIn = o.lostIn;
        long doubledIn = o.doubledIn;
        long strayIn = o.strayIn;
        long dead = o.dead;
        long resent = o.resent;
        System.out.printf(Locale.ROOT, "RESULT integration kill -9: outbound messages=%d lost=%d doubled=%d out-of-order-keys=%d"
                + " | inbound applications=%d lost=%d doubled=%d | dead=%d | re-sent after the kill and absorbed by the"
                + " partner's idempotency key=%d | B held %d claimed rows when killed | drained %.1f s after the kill, %.1f s"
                + " after B was ready again (B down %.1f s) | after its restart B delivered %d and stored %d inbound batches%n",
                OUTBOX, lostOut, doubledOut, outOfOrder.size(), INBOUND, lostIn, doubledIn, dead, resent, leasedByB,
                (r.drainedAt() - killedAt) / 1e9, (r.drainedAt() - r.restartedAt()) / 1e9, (r.restartedAt() - killedAt) / 1e9,
                r.sentByB(), r.storedByB());
        long lo = lostOut;
        long dO = doubledOut;
        long so = strayOut;
        long li = lostIn;
        long di = doubledIn;
        long si = strayIn;
        assertAll(
                () -> assertTrue(leasedByB > 0, "B was killed while it held a claim on outbox rows (" + leasedJustBefore
                        + " just before the signal)"),
                () -> assertTrue(sentByB > 0, "B delivered outbox messages before it was killed"),
                () -> assertTrue(storedByB > 0, "B stored inbound applications before it was killed"),
                () -> assertTrue(killedMidStream, "B killed while delivering, with messages not applied (" + appliedAtKill
                        + " of " + writtenAtKill + ") and applications not received (" + casesAtKill + " of " + filedAtKill + ")"),
                () -> assertEquals(0, lo, "outbound: every message applied by the partner (0 lost; lost=" + lo + ")"),
                () -> assertEquals(0, dO, "outbound: no message applied twice (0 doubled)"),
                () -> assertEquals(0, so, "outbound: nothing the city did not write, nothing of the other city"),
                () -> assertEquals(List.of(), outOfOrder, "outbound: in order per message key"),
                () -> assertEquals(0, li, "inbound: every application in the city's queue (0 lost)"),
                () -> assertEquals(0, di, "inbound: no application twice (0 doubled)"),
                () -> assertEquals(0, si, "inbound: nothing of the other city"),
                () -> assertEquals(0, dead, "nothing dead"));
        // whether B worked again after its restart is printed above, not asserted: A may drain the rest before B is back
    }

    /**
     * The same kill with <b>one</b> server running the routes for the cities: server A (Arquillian's) is held stopped
     * with SIGSTOP for the whole test — it runs nothing, as a deployment of one pod — and the test talks to B only.
     * B is killed with SIGKILL while it holds claimed outbox rows, with hundreds of messages not applied and
     * applications not received; nothing may move while it is down (no other server: checked); it is started again in
     * place and must itself take up what its dead predecessor held (a new lease owner, waiting for the old lease) and
     * what came meanwhile. Checked as above: every outbox message applied by the partner exactly once, in order per
     * key; every 受付番号 exactly one case; nothing dead, pending, leased or parked as a dead letter.
     */
    @Test
    @Order(2)
    void theOnlyServerRunningTheRoutesKilledWithKill9MidStreamAndRestartedLosesNothingAndDoublesNothing() throws Exception {
        if (!ready(serverB)) { // the first test failed with B down
            serverB.restart();
        }
        Stream st = new Stream(C, D);
        String base = serverB.base();
        freezeA();
        try {
            for (TestCity t : List.of(c, d)) { // through B: A is stopped
                connect(base, t, "child-allowance", childAllowance.url("/api/v1/applications"), true);
                connect(base, t, "mynaportal", mynaportal.url(""), true);
            }
            String bId = serverId(serverB, null);
            long t0 = System.nanoTime();
            // 1. a fifth of each; B (alone) delivers and receives
            int written = outbound(st, 0, LONE_OUTBOX / 5);
            int filedSoFar = LONE_INBOUND / 5;
            inbound(st, filedSoFar);
            waitFor(() -> applied(st) > 0 && receivedCount(st) > 0, 180, "B alone delivers and receives");
            long sentByB = completed(serverB, "outbox-deliver");
            long storedByB = storedInbound(serverB);
            // 2. the partner slow (300 ms a call, applied whether or not the caller is still there), a burst, and the
            // kill as soon as B holds claimed rows (leased pending rows, or outbox exchanges in flight)
            for (String lg : st.cities) {
                partnerMode(lg, "slow");
            }
            written = outbound(st, written, LONE_OUTBOX * 7 / 10);
            filedSoFar = LONE_INBOUND * 6 / 10;
            inbound(st, filedSoFar);
            // as in the first test: file, then stop B once it holds a claim, read the progress and the claim, and kill
            // the stopped B
            filedSoFar = LONE_INBOUND * 7 / 10;
            inbound(st, filedSoFar);
            ClaimSeen seen = awaitClaim(bId, st, LONE_INBOUND * 8 / 10, () -> null);
            filedSoFar = (int) st.filedCount();
            long leasedJustBefore = seen.leased();
            long inflightJustBefore = seen.inflight();
            long appliedSeen = seen.applied();
            long casesSeen = seen.received();
            long appliedAtKill = appliedSeen;
            long casesAtKill = casesSeen;
            int writtenAtKill = written;
            int filedAtKill = filedSoFar;
            long killedAt = System.nanoTime();
            serverB.kill9();
            long leasedByB = leasedBy(bId, st);
            for (String lg : st.cities) {
                partnerMode(lg, "normal");
            }
            // 3. B is down and nobody else runs the routes: nothing may move. The partner finishes the slow calls it
            // had (300 ms each; the journal still for 2 s), then the test writes and files more and watches for 5 s
            long appliedDown = applied(st);
            for (int still = 0, waited = 0; still < 2 && waited < 30; waited++) {
                Thread.sleep(1_000);
                long now = applied(st);
                still = now == appliedDown ? still + 1 : 0;
                appliedDown = now;
            }
            long casesDown = receivedCount(st);
            long pendingDown = st.pending();
            written = outbound(st, written, LONE_OUTBOX * 9 / 10);
            filedSoFar = LONE_INBOUND * 9 / 10;
            inbound(st, filedSoFar);
            Thread.sleep(5_000);
            long appliedWhileDown = applied(st) - appliedDown;
            long casesWhileDown = receivedCount(st) - casesDown;
            System.out.printf(Locale.ROOT, "[integration-kill lone] server B (%s), the only server running the routes,"
                    + " killed with kill -9 %d ms after the first messages: it held %d claimed outbox rows (%d just before"
                    + " the signal, %d outbox exchanges in flight); it had delivered %d outbox messages and run %d inbound"
                    + " store transactions; in flight when killed: %d of %d messages written not yet applied, %d of %d"
                    + " applications filed not yet received; while B was down (once the partner was still, for 5 s): %d pending"
                    + " rows, %d applied, %d received%n", bId, (killedAt - t0) / 1_000_000, leasedByB, leasedJustBefore,
                    inflightJustBefore, sentByB, storedByB, writtenAtKill - appliedAtKill, writtenAtKill,
                    filedAtKill - casesAtKill, filedAtKill, pendingDown, appliedWhileDown, casesWhileDown);
            // 4. B started again in place; the rest after its restart
            AfterRestart r = restartAndDrain(st, bId, written, LONE_INBOUND, LONE_OUTBOX, () -> st.pending() == 0);

            Outcome o = outcome(st);
            long stuck = st.pending();
            long deadLetters = st.cities.stream().mapToLong(lg -> count(lg, "SELECT count(*) FROM integration_dead_letter")).sum();
            System.out.printf(Locale.ROOT, "RESULT integration kill -9 lone server: outbound messages=%d lost=%d doubled=%d"
                    + " out-of-order-keys=%d | inbound applications=%d lost=%d doubled=%d | dead=%d dead-letters=%d"
                    + " stuck=%d | re-sent after the kill and absorbed by the partner's idempotency key=%d | B held %d"
                    + " claimed rows when killed, %d messages and %d applications in flight | drained %.1f s after the kill,"
                    + " %.1f s after B was ready again (B down %.1f s) | after its restart B (%s) delivered %d and stored %d"
                    + " inbound batches%n", LONE_OUTBOX, o.lostOut, o.doubledOut, o.outOfOrder.size(), LONE_INBOUND, o.lostIn,
                    o.doubledIn, o.dead, deadLetters, stuck, o.resent, leasedByB, writtenAtKill - appliedAtKill,
                    filedAtKill - casesAtKill, (r.drainedAt() - killedAt) / 1e9, (r.drainedAt() - r.restartedAt()) / 1e9,
                    (r.restartedAt() - killedAt) / 1e9, r.serverId(), r.sentByB(), r.storedByB());
            long held = leasedByB;
            long inflightAtKill = inflightJustBefore;
            assertAll(
                    () -> assertTrue(held > 0 || inflightAtKill > 0, "B was killed while it held claimed outbox rows ("
                            + held + " leased, " + inflightAtKill + " exchanges in flight)"),
                    () -> assertTrue(sentByB > 0 && storedByB > 0, "B delivered and received before it was killed"),
                    () -> assertTrue(appliedAtKill < writtenAtKill && casesAtKill < filedAtKill, "B killed mid-stream: "
                            + appliedAtKill + " of " + writtenAtKill + " applied, " + casesAtKill + " of " + filedAtKill
                            + " received"),
                    () -> assertEquals(0, appliedWhileDown + casesWhileDown, "nothing moved while the only server was down"),
                    () -> assertTrue(pendingDown > 0, "messages were waiting while B was down"),
                    () -> assertTrue(r.sentByB() > 0 && r.storedByB() > 0, "the restarted B delivered and received the rest"),
                    () -> assertEquals(0, o.lostOut, "outbound: every message applied by the partner (0 lost; lost="
                            + o.lostOut + ")"),
                    () -> assertEquals(0, o.doubledOut, "outbound: no message applied twice (0 doubled)"),
                    () -> assertEquals(0, o.strayOut, "outbound: nothing the city did not write, nothing of the other city"),
                    () -> assertEquals(List.of(), o.outOfOrder, "outbound: in order per message key"),
                    () -> assertEquals(0, o.lostIn, "inbound: every application in the city's queue (0 lost)"),
                    () -> assertEquals(0, o.doubledIn, "inbound: no application twice (0 doubled)"),
                    () -> assertEquals(0, o.strayIn, "inbound: nothing of the other city"),
                    () -> assertEquals(0, o.dead + deadLetters, "nothing dead, no dead letter"),
                    () -> assertEquals(0, stuck, "nothing pending or leased"));
        } finally {
            try {
                for (TestCity t : List.of(c, d)) { // A, thawed, finds nothing of theirs to poll
                    connect(base, t, "mynaportal", mynaportal.url(""), false);
                    connect(base, t, "child-allowance", childAllowance.url("/api/v1/applications"), false);
                }
            } finally {
                thawA();
            }
        }
    }

    // ------------------------------------------------------------------ server A held stopped

    /**
     * Stops Arquillian's server A with SIGSTOP, at a moment when it holds no transaction open in PostgreSQL (a
     * transaction of A left open would hold its row locks for the whole test): stopped, then checked that no session
     * has been idle in a transaction for a second; if one has, A runs again for a moment and the stop is tried again.
     */
    private static void freezeA() throws Exception {
        String name = Path.of(System.getProperty("kyodo.it.server.dir")).getFileName().toString();
        long pid = IntegrationBenchmark.Cpu.find(args -> args.stream().anyMatch(x -> x.endsWith("ws-server.jar"))
                && args.contains(name));
        assertTrue(pid > 0, "the process of server A (" + name + ")");
        ProcessHandle h = ProcessHandle.of(pid).orElseThrow();
        for (int attempt = 1; ; attempt++) {
            signal("STOP", pid);
            frozenA = h;
            Thread.sleep(1_500);
            long open = count(C, "SELECT count(*) FROM pg_stat_activity WHERE state LIKE 'idle in transaction%'"
                    + " AND state_change < now() - interval '1 second' AND pid <> pg_backend_pid()");
            if (open == 0) {
                System.out.println("[integration-kill lone] server A (pid " + pid + ") stopped with SIGSTOP (attempt " + attempt + ")");
                return;
            }
            thawA();
            assertTrue(attempt < 10, "server A kept a transaction open whenever it was stopped");
            Thread.sleep(500);
        }
    }

    /** Lets server A run again (SIGCONT) if this class stopped it. */
    private static void thawA() throws Exception {
        ProcessHandle h = frozenA;
        if (h != null) {
            signal("CONT", h.pid());
            frozenA = null;
        }
    }

    private static void signal(String sig, long pid) throws Exception {
        Process p = new ProcessBuilder("kill", "-" + sig, String.valueOf(pid)).redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0, "kill -" + sig + " " + pid);
    }

    private static boolean ready(SecondServer s) {
        try {
            return Platform.HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(s.base() + "/health/ready"))
                    .timeout(java.time.Duration.ofSeconds(10)).GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    // ------------------------------------------------------------------ writing and filing

    /** A city's outbox messages: their ids, and per message key the application ids in the order written. */
    static final class Outbound {
        final java.util.Set<String> ids = new java.util.HashSet<>();
        final Map<String, List<String>> perKey = new TreeMap<>();
    }

    /** One test's stream: its two cities, a run id for its application ids, what it wrote and filed per city. */
    static final class Stream {
        final List<String> cities;
        final String run = Long.toHexString(System.nanoTime());
        final Map<String, Outbound> out = new HashMap<>();
        final Map<String, List<String>> filed = new HashMap<>();

        Stream(String first, String second) {
            cities = List.of(first, second);
            for (String lg : cities) {
                out.put(lg, new Outbound());
                filed.put(lg, new ArrayList<>());
            }
        }

        long pending() {
            return cities.stream().mapToLong(IntegrationKillIT::pending).sum();
        }

        long written() {
            return out.values().stream().mapToLong(o -> o.ids.size()).sum();
        }

        long filedCount() {
            return filed.values().stream().mapToLong(List::size).sum();
        }
    }

    /**
     * Writes outbox messages {@code from}…{@code to} (numbered across the stream's two cities: even ones to the first,
     * odd ones to the second; spread over {@link #KEYS} keys per city), one transaction per city as a business
     * transaction would; answers {@code to}.
     */
    private static int outbound(Stream st, int from, int to) throws SQLException {
        for (int c = 0; c < 2; c++) {
            String lg = st.cities.get(c);
            Outbound o = st.out.get(lg);
            try (Connection conn = Platform.appConnection()) {
                conn.setAutoCommit(false);
                TenantIsolationIT.bind(conn, TenantIsolationIT.cityId(lg));
                try (PreparedStatement ps = conn.prepareStatement(
                        "INSERT INTO outbox_message (topic, message_key, payload) VALUES (?, ?, CAST(? AS jsonb)) RETURNING id")) {
                    for (int n = from; n < to; n++) {
                        if (n % 2 != c) {
                            continue;
                        }
                        int i = n / 2;
                        String key = "kill-citizen-" + (i % KEYS);
                        String app = lg + "-" + st.run + "-" + i;
                        ps.setString(1, TOPIC);
                        ps.setString(2, key);
                        ps.setString(3, "{\"applicationId\":\"" + app + "\",\"n\":" + i + "}");
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            o.ids.add(rs.getObject(1).toString());
                        }
                        o.perKey.computeIfAbsent(key, k -> new ArrayList<>()).add(app);
                    }
                }
                conn.commit();
            }
        }
        return to;
    }

    /** Files applications on マイナポータル (half for each city) until {@code upTo} have been filed in all. */
    private static void inbound(Stream st, int upTo) {
        for (String lg : st.cities) {
            int more = (lg.equals(st.cities.get(0)) ? (upTo + 1) / 2 : upTo / 2) - st.filed.get(lg).size();
            if (more > 0) {
                var r = call("POST", mynaportal.url("/_sim/applications"), null, "{\"lgCode\":\"" + lg + "\",\"count\":" + more + "}");
                assertEquals(201, r.status(), r::toString);
                r.json().getJsonArray("receiptNumbers").getValuesAs(jakarta.json.JsonString.class)
                        .forEach(n -> st.filed.get(lg).add(n.getString()));
            }
        }
    }

    /** What the partner's journal and the cities' queues hold for a stream, against what it wrote and filed. */
    record Outcome(long lostOut, long doubledOut, long strayOut, List<String> outOfOrder, long lostIn, long doubledIn,
                   long strayIn, long dead, long resent) {
    }

    private static Outcome outcome(Stream st) throws java.io.IOException {
        // the partner's journal, by message id
        Map<String, Map<String, Integer>> byId = new HashMap<>();
        Map<String, Map<String, Integer>> byApp = new HashMap<>();
        Map<String, Map<String, List<String>>> order = new HashMap<>();
        for (String[] f : journalLines()) {
            byId.computeIfAbsent(f[0], x -> new HashMap<>()).merge(f[1], 1, Integer::sum);
            byApp.computeIfAbsent(f[0], x -> new HashMap<>()).merge(f[3], 1, Integer::sum);
            order.computeIfAbsent(f[0], x -> new LinkedHashMap<>()).computeIfAbsent(f[2], x -> new ArrayList<>()).add(f[3]);
        }
        long lostOut = 0;
        long doubledOut = 0;
        long strayOut = 0;
        List<String> outOfOrder = new ArrayList<>();
        for (String lg : st.cities) {
            Outbound o = st.out.get(lg);
            Map<String, Integer> ids = byId.getOrDefault(lg, Map.of());
            Map<String, Integer> apps = byApp.getOrDefault(lg, Map.of());
            lostOut += o.ids.stream().filter(id -> !ids.containsKey(id)).count();
            doubledOut += ids.values().stream().filter(n -> n > 1).count()
                    + apps.entrySet().stream().filter(e -> e.getKey().startsWith(lg + "-" + st.run) && e.getValue() > 1).count();
            strayOut += ids.keySet().stream().filter(id -> !o.ids.contains(id)).count();
            Map<String, List<String>> got = order.getOrDefault(lg, Map.of());
            o.perKey.forEach((key, expected) -> {
                List<String> actual = got.getOrDefault(key, List.of()).stream().filter(expected::contains).distinct().toList();
                List<String> wanted = expected.stream().filter(actual::contains).toList();
                if (!actual.equals(wanted)) {
                    outOfOrder.add(lg + "/" + key);
                }
            });
        }
        // the city's queue, by 受付番号
        long lostIn = 0;
        long doubledIn = 0;
        long strayIn = 0;
        long dead = 0;
        long resent = 0;
        for (String lg : st.cities) {
            Map<String, Integer> got = cases(lg);
            lostIn += st.filed.get(lg).stream().filter(n -> !got.containsKey(n)).count();
            doubledIn += got.values().stream().filter(n -> n > 1).count();
            strayIn += got.keySet().stream().filter(n -> !st.filed.get(lg).contains(n)).count();
            dead += count(lg, "SELECT count(*) FROM outbox_message WHERE status = 'DEAD'");
            resent += call("GET", childAllowance.url("/_sim/received?lgCode=" + lg), null, null).json()
                    .getJsonNumber("duplicates").longValue();
        }
        return new Outcome(lostOut, doubledOut, strayOut, outOfOrder, lostIn, doubledIn, strayIn, dead, resent);
    }

    private static void connect(TestCity c, String partner, String endpoint) {
        connect("", c, partner, endpoint, true);
    }

    /** Sets a connector of the city through the API of the server at {@code base} ("" = Arquillian's server A). */
    private static void connect(String base, TestCity c, String partner, String endpoint, boolean enabled) {
        var r = call("PUT", base + "/api/v1/integration/connectors/" + partner, c.adminToken(), Json.createObjectBuilder()
                .add("enabled", enabled).add("endpoint", endpoint).add("account", "kyodo-" + c.code).add("secret", "sim-password")
                .add("pollSeconds", 1).build().toString());
        assertEquals(200, r.status(), r::toString);
    }

    // ------------------------------------------------------------------ what the servers, the partner and the queue say

    /**
     * The integration id a server logged at its latest start ("[kyodo] integration started (kyodo-…)"), its outbox lease
     * owner; {@code not}: an id of an earlier start, to wait past.
     */
    private static String serverId(SecondServer s, String not) throws Exception {
        Pattern p = Pattern.compile("integration started \\((kyodo-[0-9a-f]+)\\)");
        long until = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < until) {
            if (Files.exists(s.log())) {
                Matcher m = p.matcher(Files.readString(s.log(), StandardCharsets.UTF_8));
                String last = null;
                while (m.find()) {
                    last = m.group(1);
                }
                if (last != null && !last.equals(not)) {
                    return last;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("server B did not log its integration start in " + s.log());
    }

    /** What was read while B was held stopped: the rows leased to it, its exchanges in flight, the progress. */
    private record ClaimSeen(long leased, long inflight, long applied, long received) {
    }

    /**
     * Waits (up to 60 s) until B seems to hold a claim (rows leased to it, or exchanges of its outbox route in flight),
     * then <b>stops B with SIGSTOP</b>, reads the partner's journal and the queues, and looks at the claim again;
     * returns with B still stopped as soon as that look finds rows leased to B (with more than {@link #LEASE_LEFT_S} s
     * of lease left) <b>and</b> the progress read shows both directions in flight (messages written not yet applied,
     * applications filed not yet received). Otherwise B runs again (SIGCONT) and the wait goes on. The caller's
     * {@code kill -9} thus lands on exactly what the look found: a stopped B commits nothing, and the lease cannot run
     * out in between. (Without the stop, B finished its batch between the look and the signal now and then: fresh
     * clones of sessions 20 and 23 saw 10 rows leased just before the signal and 0 after.) The exchanges in flight are
     * read before the stop (a stopped server answers nothing) and only reported; a dispatcher that marked rows SENT
     * before sending them would never be seen holding leased rows, and the caller's assertion on them fails. Between tries
     * {@code meanwhile} runs (topping up the outbox), and whenever the queues have caught up with what was filed, two
     * more applications are filed (up to {@code inboundTotal}): the partner's slow mode keeps outbound work in flight,
     * but マイナポータル's applications are received within a poll, and a kill that waited long for B's claim found
     * every application received (CI on session 21's last commit: 108 of 108).
     */
    private static ClaimSeen awaitClaim(String bId, Stream st, int inboundTotal, java.util.concurrent.Callable<?> meanwhile)
            throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        ClaimSeen seen = new ClaimSeen(0, 0, -1, -1);
        while (System.nanoTime() < deadline) {
            long inflight = inflight(serverB, "outbox-deliver");
            if (inflight > 0 || leasedBy(bId, st, 0) > 0) {
                long pid = serverB.pid();
                signal("STOP", pid);
                boolean keepStopped = false;
                try {
                    long applied = applied(st);
                    long received = receivedCount(st);
                    long leased = leasedBy(bId, st, LEASE_LEFT_S);
                    seen = new ClaimSeen(leased, inflight, applied, received);
                    keepStopped = leased > 0 && applied < st.written() && received < st.filedCount();
                } finally {
                    if (!keepStopped) {
                        signal("CONT", pid);
                    }
                }
                if (keepStopped) {
                    return seen;
                }
            }
            meanwhile.call();
            if (st.filedCount() < inboundTotal && receivedCount(st) >= st.filedCount()) {
                inbound(st, (int) Math.min(inboundTotal, st.filedCount() + 2));
            }
            Thread.sleep(5);
        }
        return seen;
    }

    /** Seconds of lease a row must have left to count as held at the kill (the read after the kill comes later). */
    private static final int LEASE_LEFT_S = 5;

    /** Outbox rows of the stream's cities that the server {@code owner} holds under a claim now. */
    private static long leasedBy(String owner, Stream st) {
        return leasedBy(owner, st, 0);
    }

    /** Outbox rows of the stream's cities leased to {@code owner} with more than {@code leftSeconds} of lease left. */
    private static long leasedBy(String owner, Stream st, int leftSeconds) {
        String sql = "SELECT count(*) FROM outbox_message WHERE status = 'PENDING' AND lease_owner = '" + owner
                + "' AND lease_until > now() + interval '" + leftSeconds + " seconds'";
        return st.cities.stream().mapToLong(lg -> count(lg, sql)).sum();
    }

    /** Exchanges of a route completed on that server since it started (the vendor's server API of that server). */
    private static long completed(SecondServer s, String route) {
        var r = call("GET", s.base() + "/api/v1/integration/server", Platform.vendor(), null);
        if (r.status() != 200) {
            return 0;
        }
        JsonObject c = r.json().getJsonObject("routes").getJsonObject(route);
        return c == null ? 0 : c.getJsonNumber("completed").longValue();
    }

    /** Exchanges of a route in flight on that server now (the vendor's server API of that server). */
    private static long inflight(SecondServer s, String route) {
        var r = call("GET", s.base() + "/api/v1/integration/server", Platform.vendor(), null);
        if (r.status() != 200 || !r.json().containsKey("inflight")) {
            return 0;
        }
        return r.json().getJsonObject("inflight").getInt(route, 0);
    }

    /** Inbound store transactions the server completed (batches of the poller, or one application each). */
    private static long storedInbound(SecondServer s) {
        return completed(s, "mynaportal-store-all") + completed(s, "mynaportal-store");
    }

    /** Journal lines (applied messages) of the stream's cities. */
    private static long applied(Stream st) {
        try {
            return journalLines().stream().filter(f -> st.cities.contains(f[0])).count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The partner's journal: city, idempotency key (the outbox id), message key, application id, reception number. */
    private static List<String[]> journalLines() throws java.io.IOException {
        List<String[]> out = new ArrayList<>();
        if (!Files.exists(journal)) {
            return out;
        }
        for (String line : Files.readAllLines(journal, StandardCharsets.UTF_8)) {
            String[] f = line.split("\t", -1);
            if (f.length == 5) {
                out.add(f);
            }
        }
        return out;
    }

    private static long stat(String name) {
        return call("GET", mynaportal.url("/_sim/stats"), null, null).json().getJsonNumber(name).longValue();
    }

    /** The 児童手当 simulator's behaviour for one city: normal, slow (300 ms per call), ack-lost, down, refuse, flaky. */
    private static void partnerMode(String lg, String mode) {
        var r = call("POST", childAllowance.url("/_sim/mode"), null, "{\"lgCode\":\"" + lg + "\",\"mode\":\"" + mode + "\"}");
        assertEquals(200, r.status(), r::toString);
    }

    private static long pending(String lg) {
        return count(lg, "SELECT count(*) FROM outbox_message WHERE status = 'PENDING'");
    }

    /** The city's マイナポータル cases per 受付番号 (the last word of the case's subject), read with the city bound. */
    private static Map<String, Integer> cases(String lg) {
        Map<String, Integer> out = new HashMap<>();
        try (Connection conn = Platform.appConnection()) {
            conn.setAutoCommit(false);
            TenantIsolationIT.bind(conn, TenantIsolationIT.cityId(lg));
            try (ResultSet rs = conn.createStatement().executeQuery(
                    "SELECT subject FROM inquiry_case WHERE channel = 'MYNAPORTAL'")) {
                while (rs.next()) {
                    String s = rs.getString(1);
                    out.merge(s.substring(s.lastIndexOf(' ') + 1), 1, Integer::sum);
                }
            }
            conn.rollback();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** 受付番号 with a マイナポータル case, in the stream's cities (a case's subject ends with its number). */
    private static long receivedCount(Stream st) {
        String sql = "SELECT count(DISTINCT subject) FROM inquiry_case WHERE channel = 'MYNAPORTAL'";
        return st.cities.stream().mapToLong(lg -> count(lg, sql)).sum();
    }

    /** A count in one city, read as the application's role with that city bound (row-level security applies). */
    private static long count(String lg, String sql) {
        return IntegrationIT.count(lg, sql);
    }

    /** What B did once started again: its new server id, when it was up and when everything was drained, its work. */
    private record AfterRestart(String serverId, long restartedAt, long drainedAt, long sentByB, long storedByB) {
    }

    /**
     * Starts B again in place (same server, same data directory), then files the rest of the stream's inbound
     * applications and writes the rest of its outbox messages, waits until {@code drained} and every application is
     * received, and lets both servers poll six more times, each listing every 受付番号 again: nothing new may appear.
     */
    private static AfterRestart restartAndDrain(Stream st, String bId, int written, int inboundTotal, int outboxTotal,
                                                BooleanSupplier drained) throws Exception {
        serverB.restart();
        long restartedAt = System.nanoTime();
        String bId2 = serverId(serverB, bId);
        inbound(st, inboundTotal);
        outbound(st, written, outboxTotal);
        waitFor(() -> drained.getAsBoolean() && receivedCount(st) >= inboundTotal,
                Math.max(600, (outboxTotal + inboundTotal) / 10), "every outbox message sent and every application received");
        long drainedAt = System.nanoTime();
        long lists = stat("lists");
        waitFor(() -> stat("lists") >= lists + 6, 60, "six more polls");
        return new AfterRestart(bId2, restartedAt, drainedAt, completed(serverB, "outbox-deliver"), storedInbound(serverB));
    }

    private static void waitFor(BooleanSupplier done, int seconds, String what) throws InterruptedException {
        IntegrationIT.waitFor(done, seconds, what);
    }
}
