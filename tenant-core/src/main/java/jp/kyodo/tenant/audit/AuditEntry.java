package jp.kyodo.tenant.audit;

import java.time.OffsetDateTime;
import java.util.UUID;

/** One line of a city's audit trail. */
public record AuditEntry(UUID id, OffsetDateTime at, String actor, String actorRole, String action,
                         String entityType, String entityId, String detail) {
}
