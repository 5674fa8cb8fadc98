package jp.kyodo.tenant.problem;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.Response;
import java.util.Collection;
import java.util.Map;

/** Builds RFC 9457 {@code application/problem+json} responses. */
public final class Problem {

    public static final String MEDIA_TYPE = "application/problem+json";
    /** Problem types are documented under this base (docs/api-errors.md). */
    public static final String TYPE_BASE = "https://kyodo.jp/problems/";

    private Problem() {
    }

    public static Response response(ProblemException e, String instance) {
        return Response.status(e.status()).type(MEDIA_TYPE).entity(json(e, instance)).build();
    }

    /** The problem document alone, for a filter that replaces an answer already built. */
    public static String json(ProblemException e, String instance) {
        JsonObjectBuilder b = Json.createObjectBuilder()
                .add("type", TYPE_BASE + e.type())
                .add("title", e.titleJa() + " (" + e.titleEn() + ")")
                .add("title_ja", e.titleJa())
                .add("title_en", e.titleEn())
                .add("status", e.status());
        if (e.detail() != null) {
            b.add("detail", e.detail());
        }
        if (instance != null) {
            b.add("instance", instance);
        }
        for (Map.Entry<String, Object> x : e.extensions().entrySet()) {
            b.add(x.getKey(), toJson(x.getValue()));
        }
        return b.build().toString();
    }

    private static jakarta.json.JsonValue toJson(Object v) {
        if (v == null) {
            return jakarta.json.JsonValue.NULL;
        }
        if (v instanceof Number n) {
            return Json.createValue(n.longValue());
        }
        if (v instanceof Boolean bool) {
            return bool ? jakarta.json.JsonValue.TRUE : jakarta.json.JsonValue.FALSE;
        }
        if (v instanceof Map<?, ?> m) {
            JsonObjectBuilder o = Json.createObjectBuilder();
            m.forEach((k, val) -> o.add(String.valueOf(k), toJson(val)));
            return o.build();
        }
        if (v instanceof Collection<?> c) {
            var a = Json.createArrayBuilder();
            c.forEach(x -> a.add(toJson(x)));
            return a.build();
        }
        return Json.createValue(String.valueOf(v));
    }
}
