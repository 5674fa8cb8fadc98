package jp.kyodo.crm.cases.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;
import jp.kyodo.crm.cases.FaqProposal;

/** A proposal to improve the FAQ. */
@Entity
@Table(name = "faq_proposal")
public class FaqProposalRow {
    @Id
    public UUID id;
    @Column(name = "tenant_id", insertable = false, updatable = false)
    public UUID tenantId;
    @Column(name = "case_id")
    public UUID caseId;
    public String kind;
    @Column(name = "entry_id")
    public String entryId;
    public String question;
    public String answer;
    public String status;
    @Column(name = "proposed_by")
    public String proposedBy;
    @Column(name = "proposed_at")
    public OffsetDateTime proposedAt;
    @Column(name = "decided_by")
    public String decidedBy;
    @Column(name = "decided_at")
    public OffsetDateTime decidedAt;
    @Column(name = "decision_note")
    public String decisionNote;

    public FaqProposal toProposal(String receptionNumber) {
        return new FaqProposal(id, caseId, receptionNumber, FaqProposal.Kind.valueOf(kind), entryId, question, answer,
                FaqProposal.Status.valueOf(status), proposedBy, proposedAt, decidedBy, decidedAt, decisionNote);
    }
}
