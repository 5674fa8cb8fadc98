package jp.kyodo.crm.cases;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** A case with its contact details and timeline (personal data: reading it is audited). */
public record CaseDetail(UUID id, String receptionNumber, Channel channel, String category, String subject,
                         String department, Priority priority, CaseStatus status, String queueCode, String queueName,
                         int queueTier, String assignee, String citizenUsername, String contactName,
                         String contactEmail, String contactPhone, String language, UUID handoverId, String createdBy,
                         OffsetDateTime createdAt, OffsetDateTime updatedAt, OffsetDateTime slaDueAt, SlaState sla,
                         OffsetDateTime firstResponseAt, OffsetDateTime resolvedAt, List<CaseEvent> timeline) {

    /** What the case is about in words: the subject and every message the citizen wrote (for knowledge search). */
    public String citizenText() {
        StringBuilder b = new StringBuilder(subject);
        for (CaseEvent e : timeline) {
            if (e.kind() == EventKind.CITIZEN_MESSAGE || e.kind() == EventKind.CALL_NOTE) {
                b.append('\n').append(e.body());
            }
        }
        return b.toString();
    }
}
