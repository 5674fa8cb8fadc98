package jp.kyodo.crm.cases;

import java.time.OffsetDateTime;
import java.util.UUID;

/** One timeline entry: who, when, what. {@code body} is plain text. */
public record CaseEvent(UUID id, OffsetDateTime at, EventKind kind, String actor, boolean visibleToCitizen,
                        String body) {
}
