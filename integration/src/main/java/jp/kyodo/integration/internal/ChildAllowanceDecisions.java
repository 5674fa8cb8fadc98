package jp.kyodo.integration.internal;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import jp.kyodo.crm.applications.ApplicationStatus;
import jp.kyodo.crm.applications.DecidedApplications.Decided;

/**
 * The subscription of the 児童手当 system to the applications capability's {@code applications.decided} events: an
 * <em>approved</em> application of a 児童手当 procedure ({@code kyodo.integration.child-allowance.procedures}) becomes a
 * partner message {@code child-allowance.application-approved}; any other decision is not the 児童手当 system's
 * business. Pure functions, so the choice and the message are unit-tested without a server.
 */
final class ChildAllowanceDecisions {

    /** The topic the partner sees (X-Kyodo-Topic). */
    static final String PARTNER_TOPIC = "child-allowance.application-approved";
    /** The event this subscription reads. */
    static final String EVENT = "applications.decided";

    private ChildAllowanceDecisions() {
    }

    /** The application id of an event the 児童手当 system takes, or empty (another procedure, rejected, unreadable id). */
    static Optional<UUID> takes(String eventJson, List<String> procedures) {
        JsonObject event;
        try {
            event = Json.createReader(new StringReader(eventJson == null ? "" : eventJson)).readObject();
        } catch (JsonException | IllegalStateException e) {
            throw new Failures.Permanent("the applications.decided event cannot be read: " + e.getMessage());
        }
        if (!ApplicationStatus.APPROVED.name().equals(event.getString("status", ""))
                || !procedures.contains(event.getString("procedureId", ""))) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(event.getString("applicationId", "")));
        } catch (IllegalArgumentException e) {
            throw new Failures.Permanent("the applications.decided event has no application id");
        }
    }

    /**
     * The message the 児童手当 system receives: identifiers, the decision, the claimant and the children as separate
     * parts, and every answer under its form key (the bank account the allowance is paid into is among them).
     */
    static String message(String city, Decided d) {
        Map<String, String> answers = new TreeMap<>();
        d.answers().forEach((k, v) -> {
            if (v != null) {
                answers.put(k, v);
            }
        });
        JsonObjectBuilder claimant = Json.createObjectBuilder();
        JsonObjectBuilder all = Json.createObjectBuilder();
        var children = Json.createArrayBuilder();
        Map<Integer, JsonObjectBuilder> rows = new TreeMap<>();
        answers.forEach((k, v) -> {
            all.add(k, v);
            if (k.startsWith("applicant.")) {
                claimant.add(k.substring("applicant.".length()), v);
            } else if (k.startsWith("children[")) {
                int close = k.indexOf("].");
                if (close > 0) {
                    try {
                        int i = Integer.parseInt(k.substring("children[".length(), close));
                        rows.computeIfAbsent(i, n -> Json.createObjectBuilder()).add(k.substring(close + 2), v);
                    } catch (NumberFormatException ignored) {
                        // not a row key: stays in answers only
                    }
                }
            }
        });
        rows.values().forEach(children::add);
        JsonObjectBuilder b = Json.createObjectBuilder()
                .add("applicationId", d.id().toString())
                .add("lgCode", city)
                .add("receptionNumber", d.receptionNumber())
                .add("procedureId", d.procedureId())
                .add("decision", d.status().name());
        add(b, "procedureName", d.procedureName());
        add(b, "submittedAt", d.submittedAt() == null ? null : d.submittedAt().toString());
        add(b, "decidedAt", d.decidedAt() == null ? null : d.decidedAt().toString());
        add(b, "reason", d.reason());
        return b.add("claimant", claimant).add("children", children).add("answers", all).build().toString();
    }

    private static void add(JsonObjectBuilder b, String key, String value) {
        if (value != null) {
            b.add(key, value);
        }
    }
}
