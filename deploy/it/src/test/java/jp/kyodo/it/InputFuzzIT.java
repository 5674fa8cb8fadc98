package jp.kyodo.it;

import static jp.kyodo.it.Platform.call;
import static jp.kyodo.it.Platform.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The attack suite, input fuzz (issue 10, item 15): every API operation of the OpenAPI document and every page form
 * found by following a city's links, sent generated values — Japanese edge cases (ideographic spaces only, half-width
 * kana, surrogate pairs and emoji, combining marks and variation selectors), NUL and control characters,
 * right-to-left marks, 10,000-character lines, wrong JSON types. No answer may be a 5xx and no answer may show an
 * exception (a stack trace, a database or framework message). Seeded (kyodo.fuzz.seed, default 20261204) and
 * bounded in time (kyodo.fuzz.seconds for the API, default 70; the pages get half of it).
 */
@ExtendWith(ArquillianExtension.class)
class InputFuzzIT {

    static final List<String> TEXTS = List.of("　　", "\u3000", " \u3000\t\u3000 ", "ｱｲｳｴｵ ﾊﾟﾋﾟﾌﾟ ｶﾞｷﾞ", "😀👨‍👩‍👧‍👦🇯🇵",
            "𠮷野家の𩸽", "e\u0301\u0308ｶ\u3099", "葛\uDB40\uDD00城\uFE0F", "\u0000", "a\u0000b", "\u0001\u0002\u001b[31m\u007f",
            "\u200F\u202Eمرحبا\u202C", "\u200B\u2060\uFEFF", "x".repeat(10_000), "あ".repeat(10_000), "", " ",
            "<script>alert(1)</script>", "' OR '1'='1' --", "../../../../etc/passwd", "%00%0d%0a", "\uD800", "-1",
            "99999999999999999999999", "1e309", "null", "2026-02-30", "ＡＢＣ１２３");
    static final List<String> MARKERS = List.of("Exception", "exception:", "at jp.kyodo.", "at org.", "org.eclipse",
            "PSQL", "SQLState", "ERROR: ", "java.lang", "RESTEASY", "CWWK", "SRVE", "Internal Exception", "stack trace");

    static final long SEED = Long.getLong("kyodo.fuzz.seed", 20261204L);
    static final int SECONDS = Integer.getInteger("kyodo.fuzz.seconds", 70);
    /**
     * Rounds over every API operation, each with newly generated values (30 × ~160 operations ≈ 5,000 calls); more with
     * {@code -Dkyodo.fuzz.rounds}. {@link #SECONDS} only caps a slow machine, and every operation must still be tried.
     */
    static final int ROUNDS = Integer.getInteger("kyodo.fuzz.rounds", 30);

    private static TestCity city;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Platform.application();
    }

    static synchronized TestCity city() {
        if (city == null) {
            city = TestCity.create("011002");
        }
        return city;
    }

    @AfterAll
    static void cleanUp() {
        if (city != null) {
            city.close();
        }
    }

    /** Counts of one fuzz run. */
    static final class Tally {
        int calls;
        final Map<Integer, Integer> byStatus = new TreeMap<>();
        final List<String> failures = new ArrayList<>();

        void add(String what, int status, String body) {
            calls++;
            byStatus.merge(status, 1, Integer::sum);
            if (status >= 500) {
                failures.add(status + " " + what + " → " + cut(body));
            }
            String shown = leak(body);
            if (shown != null) {
                failures.add("exception text (" + shown + ") " + what + " → " + cut(body));
            }
        }

        int refusals() {
            return byStatus.entrySet().stream().filter(e -> e.getKey() >= 400).mapToInt(Map.Entry::getValue).sum();
        }

        long fivexx() {
            return byStatus.entrySet().stream().filter(e -> e.getKey() >= 500).mapToInt(Map.Entry::getValue).sum();
        }
    }

    static String leak(String body) {
        if (body == null) {
            return null;
        }
        for (String m : MARKERS) {
            if (body.contains(m)) {
                return m;
            }
        }
        return null;
    }

    static String cut(String s) {
        if (s == null) {
            return "";
        }
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    /**
     * The reproduction from issue 10: a question of full-width spaces only (what the IME's space key types) gave HTTP
     * 500 with the raw EclipseLink/PostgreSQL error on the ask page, and 500 problem+json on the API.
     */
    @Test
    void aQuestionOfIdeographicSpacesIsAnEmptyQuestion() throws Exception {
        TestCity c = city();
        for (String blank : List.of("　　", "\u3000\u00a0\u200b", " \u3000 ")) {
            var api = call("POST", "/api/v1/concierge/ask", c.citizenToken(),
                    Json.createObjectBuilder().add("question", blank).build().toString());
            assertEquals(400, api.status(), api::toString);
            assertTrue(api.isProblem() && api.body().contains("validation"), api::toString);
            assertEquals(null, leak(api.body()), api::toString);
            var page = ConciergeIT.post(c.code, blank);
            assertEquals(400, page.statusCode(), page::body);
            assertTrue(page.body().contains("role=\"alert\""), "the ask page says what to do: " + page.body());
            assertEquals(null, leak(page.body()), page::body);
        }
    }

    // ------------------------------------------------------------------------------------------------ the API

    record Operation(String method, String path, JsonObject operation) {
    }

    @Test
    void everyApiOperationWithGeneratedValues() {
        TestCity c = city();
        var doc = get("/openapi?format=JSON", null);
        assertEquals(200, doc.status(), doc::toString);
        JsonObject root = doc.json();
        JsonObject schemas = root.containsKey("components") && root.getJsonObject("components").containsKey("schemas")
                ? root.getJsonObject("components").getJsonObject("schemas") : JsonValue.EMPTY_JSON_OBJECT;
        List<Operation> ops = new ArrayList<>();
        root.getJsonObject("paths").forEach((path, item) -> item.asJsonObject().forEach((method, op) -> {
            if (List.of("get", "post", "put", "delete", "patch").contains(method)) {
                ops.add(new Operation(method.toUpperCase(), path.startsWith("/api/") ? path : "/api" + path, op.asJsonObject()));
            }
        }));
        assertTrue(ops.size() >= 20, "the OpenAPI document lists the operations: " + ops.size());
        Random rnd = new Random(SEED);
        Tally t = new Tally();
        Set<String> covered = new LinkedHashSet<>();
        long deadline = System.nanoTime() + SECONDS * 1_000_000_000L;
        for (int round = 0; round < ROUNDS && System.nanoTime() < deadline; round++) {
            for (Operation op : ops) {
                if (System.nanoTime() > deadline) {
                    break;
                }
                String url = concretePath(op, rnd, round);
                String token = round % 7 == 6 ? null : tokenFor(op.path(), c, round);
                String body = op.method().equals("GET") || op.method().equals("DELETE") ? null : body(op, schemas, rnd, round);
                var r = call(op.method(), url, token, body);
                t.add(op.method() + " " + url + " " + cut(body), r.status(), r.body());
                covered.add(op.method() + " " + op.path());
            }
        }
        System.out.printf("[attack-suite] API fuzz (seed %d): %d operations covered of %d, %d calls, refusals by status %s,"
                + " 5xx = %d, exception texts = %d%n", SEED, covered.size(), ops.size(), t.calls, t.byStatus, t.fivexx(),
                t.failures.size() - t.fivexx());
        assertEquals(ops.size(), covered.size(), "every operation was tried at least once within the time");
        assertTrue(t.failures.isEmpty(), () -> t.failures.size() + " failures:\n" + String.join("\n", t.failures.subList(0,
                Math.min(30, t.failures.size()))));
    }

    static String tokenFor(String path, TestCity c, int round) {
        if (path.startsWith("/api/v1/cities") || path.startsWith("/api/v1/national") || path.startsWith("/api/v1/statistics")) {
            return Platform.vendor();
        }
        if (path.startsWith("/api/v1/me") || path.startsWith("/api/v1/my")) {
            return c.citizenToken();
        }
        return round % 3 == 1 ? c.staffToken() : c.adminToken();
    }

    /** Path parameters get generated values (never a real record's id: nothing real is changed or deleted). */
    static String concretePath(Operation op, Random rnd, int round) {
        Matcher m = Pattern.compile("\\{([^}]+)}").matcher(op.path());
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String v = round % 2 == 0 ? java.util.UUID.randomUUID().toString() : TEXTS.get(rnd.nextInt(TEXTS.size()));
            if (v.length() > 200) {
                v = v.substring(0, 200);
            }
            m.appendReplacement(b, Matcher.quoteReplacement(URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20")));
        }
        m.appendTail(b);
        StringBuilder q = new StringBuilder();
        if (op.operation().containsKey("parameters")) {
            for (JsonValue p : op.operation().getJsonArray("parameters")) {
                JsonObject param = p.asJsonObject();
                if ("query".equals(param.getString("in", ""))) {
                    // at most 1,000 characters in an address (up to 9 KB encoded): the server's request-line limit
                    // (32 KB) closes longer ones before any code runs; the 10,000-character lines go in bodies
                    String v = TEXTS.get(rnd.nextInt(TEXTS.size()));
                    v = v.length() > 1000 ? v.substring(0, 1000) : v;
                    q.append(q.length() == 0 ? "?" : "&").append(URLEncoder.encode(param.getString("name"), StandardCharsets.UTF_8))
                            .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
                }
            }
        }
        return b + q.toString();
    }

    static String body(Operation op, JsonObject schemas, Random rnd, int round) {
        JsonObject schema = null;
        if (op.operation().containsKey("requestBody")) {
            JsonObject content = op.operation().getJsonObject("requestBody").getJsonObject("content");
            if (content != null && content.containsKey("application/json")) {
                schema = content.getJsonObject("application/json").getJsonObject("schema");
            }
        }
        switch (round % 5) {
            case 4 -> {
                List<String> broken = List.of("[]", "\"text\"", "123", "{", "null", "{\"a\":", "\"\u0000\"", "{}");
                return broken.get(rnd.nextInt(broken.size()));
            }
            default -> {
                JsonValue v = value(schema, schemas, rnd, round, 0);
                return v.getValueType() == JsonValue.ValueType.OBJECT ? v.toString() : "{}";
            }
        }
    }

    /** A value for the schema: the wrong type in one round in three, else a fuzz text or number of the right type. */
    static JsonValue value(JsonObject schema, JsonObject schemas, Random rnd, int round, int depth) {
        if (schema == null || depth > 4) {
            return Json.createValue(TEXTS.get(rnd.nextInt(TEXTS.size())));
        }
        if (schema.containsKey("$ref")) {
            String name = schema.getString("$ref").substring(schema.getString("$ref").lastIndexOf('/') + 1);
            return value(schemas.getJsonObject(name), schemas, rnd, round, depth + 1);
        }
        boolean wrong = rnd.nextInt(3) == 0;
        String type = schema.getString("type", schema.containsKey("properties") ? "object" : "string");
        if (type.equals("object")) {
            JsonObjectBuilder o = Json.createObjectBuilder();
            JsonObject props = schema.containsKey("properties") ? schema.getJsonObject("properties") : JsonValue.EMPTY_JSON_OBJECT;
            props.forEach((k, v) -> o.add(k, value(v.asJsonObject(), schemas, rnd, round, depth + 1)));
            return wrong && depth > 0 ? Json.createValue("not an object") : o.build();
        }
        if (wrong) {
            List<JsonValue> odd = List.of(Json.createValue(12345), JsonValue.TRUE, JsonValue.EMPTY_JSON_ARRAY,
                    JsonValue.EMPTY_JSON_OBJECT, JsonValue.NULL, Json.createValue("ｱ"), Json.createValue(-1.5e300));
            return odd.get(rnd.nextInt(odd.size()));
        }
        return switch (type) {
            case "integer", "number" -> List.<JsonValue>of(Json.createValue(-1), Json.createValue(0), Json.createValue(Long.MAX_VALUE),
                    Json.createValue(2147483648L), Json.createValue(1.5)).get(rnd.nextInt(5));
            case "boolean" -> rnd.nextBoolean() ? JsonValue.TRUE : JsonValue.FALSE;
            case "array" -> {
                JsonArray a = Json.createArrayBuilder().add(value(schema.getJsonObject("items"), schemas, rnd, round, depth + 1))
                        .add(value(schema.getJsonObject("items"), schemas, rnd, round, depth + 1)).build();
                yield a;
            }
            default -> Json.createValue(TEXTS.get(rnd.nextInt(TEXTS.size())));
        };
    }

    // ------------------------------------------------------------------------------------------------ the pages

    record Form(String page, String action, boolean multipart, Map<String, String> hidden, List<String> fields) {
    }

    static final Pattern FORM = Pattern.compile("<form\\b([^>]*)>(.*?)</form>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    static final Pattern FIELD = Pattern.compile("<(input|textarea|select)\\b([^>]*)>", Pattern.CASE_INSENSITIVE);
    static final Pattern ATTR = Pattern.compile("([a-zA-Z-]+)=\"([^\"]*)\"");
    static final Pattern LINK = Pattern.compile("href=\"(/c/\\d{6}/[^\"#?]*)\"");

    static Map<String, String> attrs(String s) {
        Map<String, String> a = new LinkedHashMap<>();
        Matcher m = ATTR.matcher(s);
        while (m.find()) {
            a.put(m.group(1).toLowerCase(), m.group(2).replace("&amp;", "&").replace("&quot;", "\""));
        }
        return a;
    }

    /** The POST forms of the pages reached from the start pages by following this city's links (at most 40 pages). */
    static List<Form> forms(WebSignInIT.Browser b, String code, List<String> starts) throws Exception {
        List<Form> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(starts);
        while (!todo.isEmpty() && seen.size() < 40) {
            String path = todo.poll();
            if (!seen.add(path) || path.contains("/logout") || path.contains("/download") || path.contains("/attachments/")) {
                continue;
            }
            var r = b.get(Platform.base() + path);
            if (r.statusCode() != 200 || !r.headers().firstValue("Content-Type").orElse("").startsWith("text/html")
                    || !r.uri().toString().startsWith(Platform.base())) {
                continue;
            }
            Matcher l = LINK.matcher(r.body());
            while (l.find()) {
                if (l.group(1).startsWith("/c/" + code + "/")) {
                    todo.add(l.group(1));
                }
            }
            Matcher f = FORM.matcher(r.body());
            while (f.find()) {
                Map<String, String> fa = attrs(f.group(1));
                if (!"post".equalsIgnoreCase(fa.getOrDefault("method", "get")) || fa.getOrDefault("action", "").contains("/logout")) {
                    continue;
                }
                Map<String, String> hidden = new LinkedHashMap<>();
                List<String> fields = new ArrayList<>();
                Matcher in = FIELD.matcher(f.group(2));
                while (in.find()) {
                    Map<String, String> ia = attrs(in.group(2));
                    String name = ia.get("name");
                    if (name == null) {
                        continue;
                    }
                    if ("hidden".equals(ia.get("type")) || "submit".equals(ia.get("type"))) {
                        hidden.put(name, ia.getOrDefault("value", ""));
                    } else if (!fields.contains(name)) {
                        fields.add(name);
                    }
                }
                String action = fa.getOrDefault("action", path);
                if (!action.startsWith("/")) {
                    continue; // another site's form (Keycloak's), or a relative one the pages do not use
                }
                out.add(new Form(path, action, fa.getOrDefault("enctype", "").contains("multipart"), hidden, fields));
            }
        }
        return out;
    }

    /**
     * Every page form, as each kind of visitor sees it. The city has a generative model (a fake OpenAI-protocol server
     * answering plainly), so that the forms shown only with one are reached too — the life-event bundle's
     * 「ことばで答える」 box (its page is a start: the citizen's bundle of {@link TestCity}) — and the concierge's pages
     * run their model path.
     */
    @Test
    void everyPageFormWithGeneratedValues() throws Exception {
        TestCity c = city();
        try (FakeChatServer model = new FakeChatServer()) {
            var put = call("PUT", "/api/v1/knowledge/llm", c.adminToken(), Json.createObjectBuilder()
                    .add("provider", "openai-compatible").add("baseUrl", model.baseUrl()).add("model", "it-fuzz-model")
                    .add("timeoutMs", 4000).build().toString());
            assertEquals(200, put.status(), put::toString);
            model.content = "ご質問ありがとうございます。";
            fuzzPageForms(c);
        } finally {
            call("PUT", "/api/v1/knowledge/llm", c.adminToken(), "{\"provider\":\"none\",\"clearApiKey\":true}");
        }
    }

    private void fuzzPageForms(TestCity c) throws Exception {
        String home = "/c/" + c.code + "/";
        WebSignInIT.Browser visitor = new WebSignInIT.Browser();
        WebSignInIT.Browser citizen = new WebSignInIT.Browser();
        citizen.signIn(citizen.get(Platform.base() + home + "me"), c.citizen, Platform.TEST_PASSWORD);
        WebSignInIT.Browser admin = new WebSignInIT.Browser();
        admin.signIn(admin.get(Platform.base() + home + "staff/cases"), c.admin, Platform.TEST_PASSWORD);
        Map<WebSignInIT.Browser, List<Form>> all = new LinkedHashMap<>();
        all.put(visitor, forms(visitor, c.code, List.of(home + "ask", home)));
        all.put(citizen, forms(citizen, c.code, List.of(home + "me", home + "me/life-events/" + c.lifeEventBundleIds.get(0),
                home + "inquiries/new", home)));
        all.put(admin, forms(admin, c.code, List.of(home + "staff/cases", home + "staff/settings", home + "admin/knowledge",
                home + "admin/programmes", home + "staff/dashboard")));
        int formCount = all.values().stream().mapToInt(List::size).sum();
        assertTrue(formCount >= 10, "forms found: " + all.values());
        Random rnd = new Random(SEED + 1);
        Tally t = new Tally();
        Set<String> tried = new LinkedHashSet<>();
        long deadline = System.nanoTime() + SECONDS * 500_000_000L;
        for (int round = 0; round < 6 && System.nanoTime() < deadline; round++) {
            for (var e : all.entrySet()) {
                WebSignInIT.Browser b = e.getKey();
                for (Form f : e.getValue()) {
                    if (System.nanoTime() > deadline) {
                        break;
                    }
                    b.get(Platform.base() + f.page()); // the form as shown: this session's token is fresh
                    Map<String, String> values = new LinkedHashMap<>(f.hidden());
                    for (String name : f.fields()) {
                        values.put(name, TEXTS.get(rnd.nextInt(TEXTS.size())));
                    }
                    values.put("_token", b.formToken == null ? "" : b.formToken);
                    HttpResponse<String> r = send(b, f, values);
                    t.add("POST " + f.action() + " " + cut(values.toString()), r.statusCode(), r.body());
                    tried.add(f.action());
                }
            }
        }
        System.out.printf("[attack-suite] page form fuzz (seed %d): %d forms on %d actions, %d posts, answers by status %s,"
                + " 5xx = %d, pages showing an exception = %d%n", SEED + 1, formCount, tried.size(), t.calls, t.byStatus, t.fivexx(),
                t.failures.size() - t.fivexx());
        assertTrue(tried.stream().anyMatch(a -> a.matches("/c/\\d{6}/me/life-events/[0-9a-f-]{36}/say")),
                () -> "the bundle's 「ことばで答える」 form was reached: " + tried);
        assertTrue(t.failures.isEmpty(), () -> t.failures.size() + " failures:\n" + String.join("\n", t.failures.subList(0,
                Math.min(30, t.failures.size()))));
    }

    static HttpResponse<String> send(WebSignInIT.Browser b, Form f, Map<String, String> values) throws Exception {
        String target = Platform.base() + f.action();
        if (!f.multipart()) {
            StringBuilder body = new StringBuilder();
            values.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                    .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
            return b.post(target, body.toString());
        }
        String boundary = "kyodo-fuzz-" + Long.toHexString(System.nanoTime());
        List<Platform.Part> parts = new ArrayList<>();
        values.forEach((k, v) -> parts.add(Platform.Part.field(k, v)));
        parts.add(new Platform.Part("file", "ｶﾀｶﾅ\u202E.txt", "text/plain", "　".getBytes(StandardCharsets.UTF_8)));
        return b.http.send(HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).header("Origin", Platform.base())
                .POST(HttpRequest.BodyPublishers.ofByteArray(Platform.multipartBody(boundary, parts.toArray(Platform.Part[]::new))))
                .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
