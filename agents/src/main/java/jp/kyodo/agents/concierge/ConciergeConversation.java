package jp.kyodo.agents.concierge;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** A conversation of one citizen (or anonymous browser session) with the city's concierge, oldest message first. */
public record ConciergeConversation(UUID id, OffsetDateTime createdAt, OffsetDateTime updatedAt,
                                    List<ConversationMessage> messages) {
}
