package jp.kyodo.crm.cases;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** One timeline entry: who, when, what, and the files attached to it. {@code body} is plain text. */
public record CaseEvent(UUID id, OffsetDateTime at, EventKind kind, String actor, boolean visibleToCitizen,
                        String body, List<Attachment> attachments) {

    public CaseEvent {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    public CaseEvent(UUID id, OffsetDateTime at, EventKind kind, String actor, boolean visibleToCitizen, String body) {
        this(id, at, kind, actor, visibleToCitizen, body, List.of());
    }
}
