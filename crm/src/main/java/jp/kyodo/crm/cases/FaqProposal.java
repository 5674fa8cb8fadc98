package jp.kyodo.crm.cases;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A proposal to improve the city's FAQ (FAQ改善提案), pending until staff approve or reject it. */
public record FaqProposal(UUID id, UUID caseId, String receptionNumber, Kind kind, String entryId, String question,
                          String answer, Status status, String proposedBy, OffsetDateTime proposedAt, String decidedBy,
                          OffsetDateTime decidedAt, String decisionNote) {

    public enum Kind { NEW_ENTRY, PHRASING }

    public enum Status { PENDING, APPROVED, REJECTED }
}
