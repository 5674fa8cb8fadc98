package jp.kyodo.agents.lifeevents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.langchain4j.model.chat.ChatModel;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;
import jp.kyodo.agents.llm.ChatModels;
import jp.kyodo.agents.llm.LlmSettings;

/**
 * A local server speaking the OpenAI chat-completions protocol with function calling, scripted per test: the script
 * sees each request (every message's text, the tool results so far, the functions offered) and answers with text or
 * with tool calls. The life-event model path talks to it through LangChain4j's real OpenAI client.
 */
final class FakeToolModel implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as the model sees it. */
    record Request(String text, int toolResults, List<String> toolResultIds, List<String> offered) {
        boolean sees(String s) {
            return text.contains(s);
        }
    }

    /** A tool call the model makes. */
    record Call(String id, String name, String arguments) {
    }

    /** What the model answers: text, or tool calls (then the text is ignored), or an HTTP error. */
    record Reply(String text, List<Call> calls, int status) {
        static Reply text(String t) {
            return new Reply(t, List.of(), 200);
        }

        static Reply calls(List<Call> calls) {
            return new Reply(null, calls, 200);
        }

        static Reply error() {
            return new Reply(null, List.of(), 500);
        }
    }

    private final HttpServer server;
    final List<Request> received = new CopyOnWriteArrayList<>();
    volatile Function<Request, Reply> script = r -> Reply.text("NO_SCRIPT");

    FakeToolModel() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/v1/chat/completions", ex -> {
            JsonNode body = JSON.readTree(ex.getRequestBody().readAllBytes());
            StringBuilder text = new StringBuilder();
            int results = 0;
            List<String> ids = new ArrayList<>();
            for (JsonNode m : body.path("messages")) {
                JsonNode c = m.path("content");
                text.append(c.isTextual() ? c.asText() : c.toString()).append('\n');
                for (JsonNode tc : m.path("tool_calls")) {
                    text.append(tc.path("function").path("arguments").asText()).append('\n');
                }
                if ("tool".equals(m.path("role").asText())) {
                    results++;
                    ids.add(m.path("tool_call_id").asText());
                }
            }
            List<String> offered = new ArrayList<>();
            body.path("tools").forEach(t -> offered.add(t.path("function").path("name").asText()));
            Request req = new Request(text.toString(), results, ids, offered);
            received.add(req);
            Reply reply = script.apply(req);
            byte[] out;
            if (reply.status() != 200) {
                out = "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}".getBytes(StandardCharsets.UTF_8);
            } else {
                ObjectNode msg = JSON.createObjectNode().put("role", "assistant");
                if (reply.calls().isEmpty()) {
                    msg.put("content", reply.text());
                } else {
                    msg.putNull("content");
                    ArrayNode calls = msg.putArray("tool_calls");
                    for (Call c : reply.calls()) {
                        calls.addObject().put("id", c.id()).put("type", "function").putObject("function")
                                .put("name", c.name()).put("arguments", c.arguments());
                    }
                }
                ObjectNode res = JSON.createObjectNode().put("id", "chatcmpl-fake").put("object", "chat.completion")
                        .put("created", 1700000000).put("model", "fake-tool-model");
                res.putArray("choices").addObject().put("index", 0).put("finish_reason",
                        reply.calls().isEmpty() ? "stop" : "tool_calls").set("message", msg);
                res.putObject("usage").put("prompt_tokens", 10).put("completion_tokens", 5).put("total_tokens", 15);
                out = JSON.writeValueAsBytes(res);
            }
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(reply.status(), out.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(out);
            }
        });
        server.start();
    }

    /** LangChain4j's OpenAI-compatible chat model pointed at this server (as a city's model setting would be). */
    ChatModel chatModel() {
        ChatModel c = chat;
        if (c == null) {
            c = ChatModels.of(new LlmSettings("http://127.0.0.1:" + server.getAddress().getPort() + "/v1",
                    "test-key", "fake-tool-model", Duration.ofSeconds(5), 0.0, 300));
            chat = c;
        }
        return c;
    }

    private volatile ChatModel chat;

    static String args(Object... kv) {
        ObjectNode o = JSON.createObjectNode();
        for (int i = 0; i < kv.length; i += 2) {
            o.put((String) kv[i], String.valueOf(kv[i + 1]));
        }
        return o.toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
