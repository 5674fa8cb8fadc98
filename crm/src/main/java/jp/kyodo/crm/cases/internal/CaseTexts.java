package jp.kyodo.crm.cases.internal;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jp.kyodo.tenant.problem.ProblemException;

/**
 * Small helpers the case services share: blank input, ids as typed, a field's validation problem, the concierge's
 * transcript as JSON and as lines.
 */
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

    /** The id a person or a link gave, or null when it is not one (then nothing is found by it). */
    public static UUID uuid(String s) {
        if (s == null || s.length() != 36) {
            return null;
        }
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A 400 {@code validation} problem naming one field, like {@link jp.kyodo.tenant.problem.Checks#valid}'s. */
    public static ProblemException invalid(String field, String messageJa, String detailEn) {
        return new ProblemException(400, "validation", "入力内容に誤りがあります", "The request is invalid",
                field + ": " + messageJa + " / " + detailEn,
                Map.of("errors", List.of(Map.of("field", field, "message", messageJa))));
    }
}
