package jp.kyodo.it;

import static jp.kyodo.it.Platform.call;
import static jp.kyodo.it.Platform.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The attack suite, outbound calls (issue 10, item 7): a city administrator points the city's generative model at
 * the server's own loopback, the cloud metadata address and other internal addresses, with an API key. Every attempt
 * is refused (API and page), nothing is stored, and the internal listener never receives a request — so the key is
 * never sent. A changed host clears the stored key.
 */
@ExtendWith(ArquillianExtension.class)
class OutboundUrlAttackIT {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Platform.application();
    }

    @Test
    void internalAddressesAreRefusedAndTheKeyIsNeverSent() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer internal = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        internal.createContext("/", x -> {
            received.add(x.getRequestMethod() + " " + x.getRequestURI() + " " + x.getRequestHeaders().getFirst("Authorization"));
            x.sendResponseHeaders(500, -1);
            x.close();
        });
        internal.start();
        String secret = "sk-SSRF-" + Long.toHexString(System.nanoTime());
        try (TestCity c = TestCity.create("121002")) {
            int port = internal.getAddress().getPort();
            List<String> attacks = List.of("http://127.0.0.1:" + port + "/v1", "http://169.254.169.254/latest/meta-data/iam",
                    "http://[::1]:" + port + "/v1", "http://localhost:" + port + "/v1", "http://10.0.0.1/v1",
                    "http://192.168.0.10:11434/v1", "http://0.0.0.0:" + port + "/v1", "http://[::ffff:127.0.0.1]:" + port + "/v1",
                    "http://kyodo-model.kyodo.svc.cluster.local/v1", "http://2130706433:" + port + "/v1");
            int refusals = 0;
            for (String url : attacks) {
                var put = call("PUT", "/api/v1/knowledge/llm", c.adminToken(), Json.createObjectBuilder()
                        .add("provider", "openai-compatible").add("baseUrl", url).add("model", "m").add("apiKey", secret)
                        .build().toString());
                assertEquals(400, put.status(), () -> url + " → " + put);
                assertTrue(put.isProblem() && put.body().contains("outbound-url-refused"), put::toString);
                assertFalse(put.body().contains(secret), put::toString);
                refusals++;
            }
            var now = get("/api/v1/knowledge/llm", c.adminToken());
            assertEquals("not set", now.json().getString("apiKey"), now::toString);
            assertFalse(now.body().contains("127.0.0.1") || now.body().contains("169.254"), now::toString);

            // the same on the page
            WebSignInIT.Browser admin = new WebSignInIT.Browser();
            String page = Platform.base() + "/c/" + c.code + "/admin/knowledge/llm";
            var form = admin.signIn(admin.get(page), c.admin, Platform.TEST_PASSWORD);
            assertEquals(200, form.statusCode(), form::body);
            var refused = admin.post(page, "provider=openai-compatible&baseUrl=" + WebSignInIT.enc("http://169.254.169.254/v1")
                    + "&model=m&apiKey=" + secret + "&timeoutMs=5000");
            assertEquals(400, refused.statusCode(), refused::body);
            assertTrue(refused.body().contains("この接続先は使えません") || refused.body().contains("接続先がこのサーバーの内部"),
                    refused::body);
            assertFalse(refused.body().contains(secret), "the typed key is not sent back");
            refusals++;

            // questions asked now go nowhere internal
            var asked = call("POST", "/api/v1/concierge/ask", c.citizenToken(), "{\"question\":\"住民票の写しを取りたい\"}");
            assertTrue(asked.status() < 500, asked::toString);
            assertEquals(List.of(), received, "the internal listener got no request (and so no key)");
            System.out.printf("[attack-suite] SSRF: %d attempts, %d refused, 0 requests reached the internal listener%n",
                    attacks.size() + 1, refusals);
        } finally {
            internal.stop(0);
        }
    }

    /** An allowed model server keeps its key while the host stays; another host (or port) drops it. */
    @Test
    void anotherHostClearsTheStoredKey() throws Exception {
        try (TestCity c = TestCity.create("151009"); FakeChatServer one = new FakeChatServer(); FakeChatServer two = new FakeChatServer()) {
            var set = call("PUT", "/api/v1/knowledge/llm", c.adminToken(), Json.createObjectBuilder()
                    .add("provider", "openai-compatible").add("baseUrl", one.baseUrl()).add("model", "m").add("apiKey", "sk-one")
                    .build().toString());
            assertEquals(200, set.status(), set::toString);
            assertEquals("set", set.json().getString("apiKey"));
            var sameHost = call("PUT", "/api/v1/knowledge/llm", c.adminToken(), Json.createObjectBuilder()
                    .add("provider", "openai-compatible").add("baseUrl", one.baseUrl() + "/").add("model", "m2").build().toString());
            assertEquals("set", sameHost.json().getString("apiKey"), "the same host keeps the key: " + sameHost);
            var moved = call("PUT", "/api/v1/knowledge/llm", c.adminToken(), Json.createObjectBuilder()
                    .add("provider", "openai-compatible").add("baseUrl", two.baseUrl()).add("model", "m2").build().toString());
            assertEquals(200, moved.status(), moved::toString);
            assertEquals("not set", moved.json().getString("apiKey"), "a new host must be given the key again: " + moved);
            call("PUT", "/api/v1/knowledge/llm", c.adminToken(), "{\"provider\":\"none\",\"clearApiKey\":true}");
        }
    }
}
