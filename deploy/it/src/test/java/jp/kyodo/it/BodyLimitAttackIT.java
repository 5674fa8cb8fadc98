package jp.kyodo.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The attack suite, request bodies (issue 10, item 9): 64 MB sent to paths that need no sign-in, on the API and on the
 * pages, chunked (no length declared) and with a declared length. Each is refused long before the body has been sent:
 * the API counts while it reads (1 MiB for anyone not authenticated); on the pages the container's sign-in mechanism
 * would parse a POST's form body before any application code, so a request listener keeps a body the pages refuse
 * anyway (chunked: 411; declared above the largest limit: 413) from the container before the mechanism runs. The
 * server's heap after a garbage collection is where it was.
 *
 * <p>How "before it is read" is measured without racing the machine: the client sends {@link #PAUSE_AT} bytes of the
 * body (more than the 1 MiB the API reads before it refuses) and then <em>stops sending</em> until the answer comes (at
 * most {@link #PAUSE_MS}). A server that refuses early answers during that pause, with the rest of the body still
 * unsent; a server that reads the body to its end cannot answer then, because the rest has not been sent, and the
 * client sends it after the pause. The figure is how much had been sent when the answer came, so it does not depend on
 * how much the socket buffers of the machine hold (a fast machine once had 11 MiB in flight within 6 ms) nor on how
 * quickly the server answers.
 */
@ExtendWith(ArquillianExtension.class)
class BodyLimitAttackIT {

    static final long FLOOD = 64_000_000L;
    /** The client sends this much of a body and then waits for the answer: twice the 1 MiB the API reads before refusing. */
    static final long PAUSE_AT = 2L << 20;
    /** How long the client waits, body unsent, for a refusal (generous: a loaded machine answers in well under a second). */
    static final long PAUSE_MS = 30_000;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Platform.application();
    }

    record Flood(String how, String path, int status, long sentWhenAnswered, long millis) {
    }

    /** Sends up to {@link #FLOOD} bytes chunked and stops as soon as the server answers (or closes). */
    static Flood flood(String path, String contentType, String... headers) throws Exception {
        return flood(true, path, contentType, headers);
    }

    /** Sends up to {@link #FLOOD} bytes with {@code Content-Length: 64000000} declared, stops when the server answers. */
    static Flood declared(String path, String contentType, String... headers) throws Exception {
        return flood(false, path, contentType, headers);
    }

    static Flood flood(boolean chunked, String path, String contentType, String... headers) throws Exception {
        return flood(chunked, FLOOD, path, contentType, headers);
    }

    /**
     * Sends up to {@code size} bytes (chunked, or with that length declared), pausing after {@link #PAUSE_AT} bytes until
     * the server answers or {@link #PAUSE_MS} pass, and stops when the server answers.
     */
    static Flood flood(boolean chunked, long size, String path, String contentType, String... headers) throws Exception {
        return flood(chunked, size, PAUSE_AT, path, contentType, headers);
    }

    /** As above, pausing after {@code pauseAt} bytes ({@code pauseAt >= size}: no pause, the whole body is sent). */
    static Flood flood(boolean chunked, long size, long pauseAt, String path, String contentType, String... headers) throws Exception {
        URI base = URI.create(Platform.base());
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            s.setSoTimeout(60_000);
            OutputStream out = s.getOutputStream();
            StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                    + "\r\nContent-Type: " + contentType + (chunked ? "\r\nTransfer-Encoding: chunked" : "\r\nContent-Length: " + size)
                    + "\r\nConnection: close\r\n");
            for (int i = 0; i + 1 < headers.length; i += 2) {
                head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
            }
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            AtomicLong sent = new AtomicLong();
            AtomicLong sentAtAnswer = new AtomicLong(-1);
            AtomicReference<String> statusLine = new AtomicReference<>();
            long start = System.nanoTime();
            AtomicLong answeredAt = new AtomicLong();
            Thread reader = new Thread(() -> {
                try {
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                    String line = in.readLine();
                    sentAtAnswer.set(sent.get());
                    answeredAt.set(System.nanoTime());
                    statusLine.set(line == null ? "closed" : line);
                } catch (Exception e) {
                    sentAtAnswer.compareAndSet(-1, sent.get());
                    answeredAt.compareAndSet(0, System.nanoTime());
                    statusLine.compareAndSet(null, "error " + e);
                }
            });
            reader.start();
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) (contentType.startsWith("application/json") ? ' ' : 'a'));
            byte[] prefix = contentType.startsWith("application/x-www-form-urlencoded") ? "question=".getBytes(StandardCharsets.US_ASCII)
                    : contentType.startsWith("application/json") ? "{\"question\":\"".getBytes(StandardCharsets.US_ASCII) : new byte[0];
            try {
                if (prefix.length > 0) {
                    writeChunk(out, chunked, prefix, prefix.length);
                    sent.addAndGet(chunked ? 0 : prefix.length);
                }
                boolean paused = false;
                while (sent.get() < size && statusLine.get() == null) {
                    if (!paused && sent.get() >= pauseAt) {
                        paused = true;
                        out.flush();
                        reader.join(PAUSE_MS); // the reader ends when the answer's status line has come
                        continue;
                    }
                    long until = paused ? size : Math.min(size, pauseAt);
                    int n = (int) Math.min(chunk.length, until - sent.get());
                    writeChunk(out, chunked, chunk, n);
                    sent.addAndGet(n);
                }
                if (chunked && statusLine.get() == null) {
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            } catch (java.io.IOException closedByTheServer) {
                // the server answered and closed the connection while we were still sending: what we want
            }
            reader.join(60_000);
            String line = statusLine.get();
            Matcher m = Pattern.compile("^HTTP/1\\.1 (\\d{3})").matcher(line == null ? "" : line);
            int status = m.find() ? Integer.parseInt(m.group(1)) : -1;
            return new Flood(chunked ? "chunked" : "declared", path, status, sentAtAnswer.get(), (answeredAt.get() - start) / 1_000_000);
        }
    }

    static void writeChunk(OutputStream out, boolean chunked, byte[] bytes, int length) throws java.io.IOException {
        if (chunked) {
            out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        out.write(bytes, 0, length);
        if (chunked) {
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** The Liberty server's used heap after a full collection, in MiB (jcmd on the server's process). */
    static long heapAfterGc() throws Exception {
        String server = Path.of(System.getProperty("kyodo.it.server.dir")).getFileName().toString();
        long pid = ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(server)
                        && p.info().commandLine().orElse("").contains("ws-server"))
                .mapToLong(ProcessHandle::pid).findFirst().orElseThrow(() -> new AssertionError("no Liberty process for " + server));
        run("jcmd", String.valueOf(pid), "GC.run");
        String info = run("jcmd", String.valueOf(pid), "GC.heap_info");
        Matcher m = Pattern.compile("used (\\d+)K").matcher(info);
        assertTrue(m.find(), info);
        return Long.parseLong(m.group(1)) >> 10;
    }

    static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    @Test
    void sixtyFourMegabytesToPathsWithoutSignInAreRefusedBeforeTheyAreRead() throws Exception {
        try (TestCity c = TestCity.create("341002")) {
            long before = heapAfterGc();
            List<Flood> floods = new ArrayList<>();
            floods.add(flood("/api/v1/concierge/ask", "application/json"));
            floods.add(flood("/api/v1/cities/" + c.code + "/import", "application/json"));
            floods.add(flood("/api/v1/my/inquiries", "multipart/form-data; boundary=kyodo-flood"));
            floods.add(flood("/c/" + c.code + "/ask", "application/x-www-form-urlencoded", "Origin", Platform.base()));
            floods.add(flood("/c/" + c.code + "/inquiries/new", "multipart/form-data; boundary=kyodo-flood", "Origin", Platform.base()));
            floods.add(declared("/api/v1/concierge/ask", "application/json"));
            floods.add(declared("/c/" + c.code + "/ask", "application/x-www-form-urlencoded", "Origin", Platform.base()));
            floods.add(declared("/c/" + c.code + "/inquiries/new", "multipart/form-data; boundary=kyodo-flood", "Origin", Platform.base()));
            long after = heapAfterGc();
            List<String> problems = new ArrayList<>();
            for (Flood f : floods) {
                System.out.printf("[attack-suite] 64 MB %s to %s: %d after %d ms, %.1f MiB sent by then%n", f.how(), f.path(), f.status(),
                        f.millis(), f.sentWhenAnswered() / 1048576.0);
                if (f.status() < 400 || f.status() >= 500) {
                    problems.add(f + ": not refused");
                }
                // API and pages alike: answered while the client held the rest of the body back, never after the
                // whole body (before RefusedBodyGuard, the pages answered only after all 61 MiB had been read)
                if (f.sentWhenAnswered() < 0 || f.sentWhenAnswered() > PAUSE_AT) {
                    problems.add(f + ": answered only after " + (f.sentWhenAnswered() >> 20) + " MiB (the body was read on)");
                }
            }
            System.out.printf("[attack-suite] heap after GC: %d MiB before, %d MiB after the floods%n", before, after);
            assertTrue(problems.isEmpty(), String.join("\n", problems));
            assertTrue(after - before < 32, "heap steady: " + before + " → " + after + " MiB");
        }
    }

    /**
     * A body a signed-in person may send (files, up to 16 MiB) is not a visitor's: 15 MiB of multipart declared to the
     * page inquiry form without a sign-in is refused before the container parses it (it used to be read to the end
     * before the sign-in mechanism ran), with or without an anonymous page session; a signed-in page session's body of
     * the same kind still reaches the page.
     */
    @Test
    void aVisitorsMultipartBodyBelowTheFileLimitIsNotParsedEither() throws Exception {
        try (TestCity c = TestCity.create("462012")) {
            long size = 15L << 20;
            String form = "/c/" + c.code + "/inquiries/new";
            String multipart = "multipart/form-data; boundary=kyodo-flood";
            // an anonymous page session (the ask page gives every visitor one, with a form token)
            WebSignInIT.Browser visitor = new WebSignInIT.Browser();
            assertTrue(visitor.get(Platform.base() + "/c/" + c.code + "/ask").statusCode() == 200);
            String visitorCookies = cookies(visitor);
            assertTrue(!visitorCookies.isEmpty(), "the visitor has a page session");
            List<Flood> floods = List.of(flood(false, size, form, multipart, "Origin", Platform.base()),
                    flood(false, size, form, multipart, "Origin", Platform.base(), "Cookie", visitorCookies));
            List<String> problems = new ArrayList<>();
            for (Flood f : floods) {
                System.out.printf("[attack-suite] 15 MiB multipart without sign-in to %s: %d after %d ms, %.1f MiB sent by then%n",
                        f.path(), f.status(), f.millis(), f.sentWhenAnswered() / 1048576.0);
                if (f.status() != 413) {
                    problems.add(f + ": not refused with 413");
                }
                if (f.sentWhenAnswered() < 0 || f.sentWhenAnswered() > PAUSE_AT) {
                    problems.add(f + ": answered only after " + (f.sentWhenAnswered() >> 20) + " MiB (the body was parsed)");
                }
            }
            assertTrue(problems.isEmpty(), String.join("\n", problems));

            // signed in: the same body is not kept from the page by the guard (the page itself then refuses it as a
            // broken form, whatever it answers, but not as too large and only after it was sent)
            WebSignInIT.Browser citizen = new WebSignInIT.Browser();
            var page = citizen.signIn(citizen.get(Platform.base() + form), c.citizen, Platform.TEST_PASSWORD);
            assertTrue(page.statusCode() == 200, () -> citizen.url + " " + page.body());
            Flood signedIn = flood(false, 3L << 20, Long.MAX_VALUE, form, multipart, "Origin", Platform.base(), "Cookie", cookies(citizen));
            System.out.printf("[attack-suite] 3 MiB multipart signed in to %s: %d after %d ms, %.1f MiB sent by then%n",
                    signedIn.path(), signedIn.status(), signedIn.millis(), signedIn.sentWhenAnswered() / 1048576.0);
            assertTrue(signedIn.status() != 413 && signedIn.status() != 411, () -> "a signed-in body refused: " + signedIn);
        }
    }

    /** The Cookie header the browser sends to Kyodo. */
    static String cookies(WebSignInIT.Browser browser) throws Exception {
        return browser.http.cookieHandler().orElseThrow().get(URI.create(Platform.base() + "/"), java.util.Map.of())
                .getOrDefault("Cookie", List.of("")).get(0);
    }
}
