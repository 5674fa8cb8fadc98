package jp.kyodo.integration.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Answers sorted into success / transient / permanent, and one breaker per (city, partner). */
class PartnerClientTest {

    private HttpServer server;
    private PartnerClient client;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.createContext("/half", ex -> { // the head and 10 of 1,000 bytes, then nothing for 10 s
            ex.sendResponseHeaders(200, 1000);
            ex.getResponseBody().write("{\"list\":[ ".getBytes());
            ex.getResponseBody().flush();
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.close();
        });
        server.createContext("/", ex -> {
            int status = Integer.parseInt(ex.getRequestURI().getPath().substring(1));
            byte[] body = ("{\"status\":" + status + "}").getBytes();
            ex.sendResponseHeaders(status, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        IntegrationConfig config = new IntegrationConfig();
        config.httpTimeoutMillis = 2000;
        config.httpAnswerMillis = 1500;
        config.breakerFailureRate = 50;
        config.breakerWindow = 10;
        config.breakerOpenSeconds = 60;
        config.allowedHosts = "127.0.0.1";
        client = new PartnerClient();
        client.config = config;
        client.init();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private HttpRequest.Builder get(int status) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + status)).GET();
    }

    @Test
    void answersAreSorted() {
        assertEquals(200, client.send("111111", "p", get(200)).statusCode());
        assertEquals(409, client.send("111111", "p", get(409)).statusCode(), "409: the partner already has it");
        assertThrows(Failures.Permanent.class, () -> client.send("111111", "p", get(422)));
        assertThrows(Failures.Permanent.class, () -> client.send("111111", "p", get(400)));
        assertThrows(Failures.Unauthorized.class, () -> client.send("111111", "p", get(401)));
        assertThrows(Failures.Transient.class, () -> client.send("111111", "p", get(503)));
        assertThrows(Failures.Transient.class, () -> client.send("111111", "p", get(429)));
    }

    @Test
    void aFailingPartnerOpensOnlyItsCitysBreaker() {
        // the breaker judges after five calls: five failures open it
        for (int i = 0; i < 5; i++) {
            assertThrows(Failures.Transient.class, () -> client.send("111111", "child-allowance", get(503)));
        }
        assertEquals(CircuitBreaker.State.OPEN, client.breaker("111111", "child-allowance").getState());
        assertThrows(CallNotPermittedException.class, () -> client.send("111111", "child-allowance", get(200)));
        assertEquals(200, client.send("222222", "child-allowance", get(200)).statusCode(), "another city is not affected");
        assertEquals(200, client.send("111111", "mynaportal", get(200)).statusCode(), "another partner is not affected");
    }

    @Test
    void refusedMessagesDoNotOpenTheBreaker() {
        for (int i = 0; i < 20; i++) {
            assertThrows(Failures.Permanent.class, () -> client.send("111111", "p", get(422)));
        }
        assertEquals(CircuitBreaker.State.CLOSED, client.breaker("111111", "p").getState());
    }

    @Test
    void anAnswerWhoseBodyStopsHalfWayIsATransientFailureAfterTheAnswerDeadline() {
        long t0 = System.nanoTime();
        assertThrows(Failures.Transient.class, () -> client.send("111111", "p",
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/half")).GET()));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        org.junit.jupiter.api.Assertions.assertTrue(ms < 6_000, "given up after " + ms + " ms, not when the partner closed");
    }

    @Test
    void onlyAllowedHostsAreCalled() {
        assertThrows(Failures.Permanent.class, () -> client.send("111111", "p",
                HttpRequest.newBuilder(URI.create("http://169.254.169.254/latest")).GET()));
        assertThrows(Failures.Permanent.class, () -> client.checkHost(URI.create("file:///etc/passwd")));
    }
}
