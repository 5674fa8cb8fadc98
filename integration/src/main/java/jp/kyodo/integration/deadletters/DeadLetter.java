package jp.kyodo.integration.deadletters;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A message that failed after its redeliveries, kept whole with the reason. */
public record DeadLetter(UUID id, String partner, String route, Direction direction, String messageId, String reason,
                         String body, UUID outboxId, Status status, OffsetDateTime createdAt, OffsetDateTime resolvedAt,
                         String resolvedBy) {

    public enum Direction { INBOUND, OUTBOUND }

    public enum Status { OPEN, RETRIED, DISCARDED }
}
