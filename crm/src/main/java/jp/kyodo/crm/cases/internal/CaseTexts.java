package jp.kyodo.crm.cases.internal;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;

/** Small text helpers the case services share: blank input, the concierge's transcript as JSON and as lines. */
public final class CaseTexts {

    /** Who acted when nobody signed in (a timeline entry's actor, an uploader). */
    public static final String ANONYMOUS = "anonymous";

    private CaseTexts() {
    }

    public static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    public static String nz(String s) {
        return s == null ? "" : s;
    }

    /** The hand-over's transcript (a JSON array of {@code role}/{@code text}); empty when it is not one. */
    public static JsonArray transcript(String json) {
        try (var r = Json.createReader(new StringReader(json == null || json.isBlank() ? "[]" : json))) {
            return r.readArray();
        } catch (RuntimeException e) {
            return JsonValue.EMPTY_JSON_ARRAY;
        }
    }

    /** The transcript as lines a person reads: 「市民: …」「AIコンシェルジュ: …」. */
    public static String transcriptText(String json) {
        StringBuilder b = new StringBuilder();
        for (JsonValue v : transcript(json)) {
            if (v instanceof JsonObject o) {
                String role = o.getString("role", "");
                b.append(b.length() == 0 ? "" : "\n").append(switch (role) {
                    case "citizen" -> "市民";
                    case "concierge" -> "AIコンシェルジュ";
                    default -> role;
                }).append(": ").append(o.getString("text", ""));
            }
        }
        return b.toString();
    }
}
