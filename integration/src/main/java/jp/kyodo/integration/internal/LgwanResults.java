package jp.kyodo.integration.internal;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.UUID;

/**
 * A result file of the LGWAN side ({@code {"messageId","status":"ACCEPTED|REJECTED","stage":"gateway|core-system",
 * "reason"}}); the message id is the outbox row id Kyodo named the file after. One that cannot be read is permanent.
 */
final class LgwanResults {

    record Result(String messageId, boolean rejected, String stage, String reason) {
        /** The outbox row the result answers, when the message id is one. */
        UUID outboxId() {
            try {
                return UUID.fromString(messageId);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }

    private LgwanResults() {
    }

    static Result read(String body) {
        JsonObject o;
        try {
            o = Json.createReader(new StringReader(body == null ? "" : body)).readObject();
        } catch (JsonException | IllegalStateException e) {
            throw new Failures.Permanent("the LGWAN result cannot be read: " + e.getMessage());
        }
        String status = o.getString("status", "");
        String id = o.getString("messageId", "");
        if (id.isBlank() || !(status.equals("ACCEPTED") || status.equals("REJECTED"))) {
            throw new Failures.Permanent("the LGWAN result cannot be read: no message id or status");
        }
        String reason = o.get("reason") instanceof jakarta.json.JsonString s ? s.getString() : "";
        return new Result(id, status.equals("REJECTED"), o.getString("stage", "unknown"), reason);
    }
}
