package jp.kyodo.crm.cases;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A case in a list. */
public record CaseSummary(UUID id, String receptionNumber, Channel channel, String category, String subject,
                          Priority priority, CaseStatus status, String queueCode, String queueName, String assignee,
                          String citizenUsername, String contactName, OffsetDateTime createdAt, OffsetDateTime updatedAt,
                          OffsetDateTime slaDueAt, SlaState sla) {
}
