package jp.kyodo.it;

import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A local server speaking the OpenAI chat-completions protocol, for a city's LLM settings in the integration tests:
 * answers with {@link #content}, or slowly, or not until released, or with HTTP 500, and keeps what it received (the messages' text and the
 * Authorization header). Each response reports 123 prompt and 45 completion tokens.
 */
final class FakeChatServer implements AutoCloseable {

    /**
     * The loopback address the tests' fake model servers listen on: the operator's allow-list of the test server
     * (KYODO_OUTBOUND_ALLOW in deploy/it/pom.xml) names it, while 127.0.0.1 stays refused (OutboundUrlAttackIT).
     */
    static final String MODEL_HOST = "127.0.0.2";

    /** {@code HANG}: every request waits until {@link #release} is counted down (at most 2 minutes), then answers. */
    enum Mode { OK, SLOW, ERROR, HANG }

    /** What one request carried; {@code toolResults}: how many tool results (messages of role tool) it holds. */
    record Received(String authorization, String text, int toolResults) {
    }

    /**
     * When set and it answers non-null for a request: the model calls these functions (each {@code [name, arguments
     * JSON]}) instead of answering with {@link #content}.
     */
    volatile java.util.function.Function<Received, List<String[]>> toolCalls;

    private final HttpServer server;
    final List<Received> received = new CopyOnWriteArrayList<>();
    volatile Mode mode = Mode.OK;
    volatile String content = "NO_ANSWER";
    volatile long slowMillis = 4000;
    /** Counted down when a request arrives in mode {@code HANG} (the model is hanging now). */
    final java.util.concurrent.CountDownLatch hanging = new java.util.concurrent.CountDownLatch(1);
    /** Ends the hang of mode {@code HANG}. */
    final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);

    FakeChatServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(MODEL_HOST, 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/v1/chat/completions", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            StringBuilder text = new StringBuilder();
            int results = 0;
            try (var r = Json.createReader(new StringReader(body))) {
                for (JsonValue m : r.readObject().getJsonArray("messages")) {
                    JsonValue c = m.asJsonObject().get("content");
                    text.append(c != null && c.getValueType() == JsonValue.ValueType.STRING
                            ? ((jakarta.json.JsonString) c).getString() : String.valueOf(c)).append('\n');
                    results += "tool".equals(m.asJsonObject().getString("role", "")) ? 1 : 0;
                }
            } catch (RuntimeException e) {
                text.append(body);
            }
            Received in = new Received(ex.getRequestHeaders().getFirst("Authorization"), text.toString(), results);
            received.add(in);
            var script = toolCalls;
            List<String[]> calls = script == null ? null : script.apply(in);
            Mode m = mode;
            if (m == Mode.HANG) {
                hanging.countDown();
                try {
                    release.await(2, java.util.concurrent.TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (m == Mode.SLOW) {
                try {
                    Thread.sleep(slowMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] out;
            int status;
            if (m == Mode.ERROR) {
                status = 500;
                out = "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}".getBytes(StandardCharsets.UTF_8);
            } else {
                status = 200;
                var message = Json.createObjectBuilder().add("role", "assistant");
                if (calls == null || calls.isEmpty()) {
                    message.add("content", content);
                } else {
                    var array = Json.createArrayBuilder();
                    for (int i = 0; i < calls.size(); i++) {
                        array.add(Json.createObjectBuilder().add("id", "call-" + results + "-" + i).add("type", "function")
                                .add("function", Json.createObjectBuilder().add("name", calls.get(i)[0])
                                        .add("arguments", calls.get(i)[1])));
                    }
                    message.addNull("content").add("tool_calls", array);
                }
                JsonObject res = Json.createObjectBuilder().add("id", "chatcmpl-it").add("object", "chat.completion")
                        .add("created", 1700000000).add("model", "it-model")
                        .add("choices", Json.createArrayBuilder().add(Json.createObjectBuilder().add("index", 0)
                                .add("message", message)
                                .add("finish_reason", calls == null || calls.isEmpty() ? "stop" : "tool_calls")))
                        .add("usage", Json.createObjectBuilder().add("prompt_tokens", 123).add("completion_tokens", 45)
                                .add("total_tokens", 168)).build();
                out = res.toString().getBytes(StandardCharsets.UTF_8);
            }
            ex.getResponseHeaders().add("Content-Type", "application/json");
            try {
                ex.sendResponseHeaders(status, out.length);
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(out);
                }
            } catch (IOException e) {
                // the client gave up (timeout): nothing to answer
            }
        });
        server.start();
    }

    /** The base URL to configure as the city's model ({@code …/v1}). */
    String baseUrl() {
        return "http://" + MODEL_HOST + ":" + server.getAddress().getPort() + "/v1";
    }

    Received last() {
        return received.get(received.size() - 1);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
