package jp.kyodo.crm.applications.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;
import jp.kyodo.tenant.audit.internal.JsonbText;

/** One application; {@code answers} and {@code sources} are JSON objects of strings. */
@Entity
@Table(name = "application")
public class ApplicationRow {
    @Id
    public UUID id;
    @Column(name = "tenant_id", insertable = false, updatable = false)
    public UUID tenantId;
    @Column(name = "procedure_version_id")
    public UUID procedureVersionId;
    @Column(name = "procedure_id")
    public String procedureId;
    @Column(name = "procedure_name")
    public String procedureName;
    /** The applicant's user name when the application was started (text for people to read, never a key). */
    public String applicant;
    /** The applicant's immutable Keycloak subject id: whose application it is. */
    @Column(name = "applicant_subject")
    public String applicantSubject;
    /** The household member's id as text: EclipseLink's UUID converter cannot read a NULL uuid (the column is uuid). */
    @Column(name = "subject_member_id")
    public String subjectMemberId;
    @Column(name = "subject_name")
    public String subjectName;
    public String status;
    @Column(name = "reception_number")
    public String receptionNumber;
    @Column(columnDefinition = "jsonb")
    @Convert(converter = JsonbText.class)
    public String answers;
    @Column(columnDefinition = "jsonb")
    @Convert(converter = JsonbText.class)
    public String sources;
    @Column(name = "step_index")
    public int stepIndex;
    @Column(name = "step_since")
    public OffsetDateTime stepSince;
    @Column(name = "step_due_at")
    public OffsetDateTime stepDueAt;
    @Column(name = "step_overdue_at")
    public OffsetDateTime stepOverdueAt;
    /** The first checker's user name at the time (text for the record). */
    @Column(name = "first_check_by")
    public String firstCheckBy;
    /** The first checker's immutable Keycloak subject id: the two-person check compares people by it. */
    @Column(name = "first_check_subject")
    public String firstCheckSubject;
    public String assignee;
    /** Who has the application, by immutable Keycloak subject id (never by the user name). */
    @Column(name = "assignee_subject")
    public String assigneeSubject;
    @Column(name = "idempotency_key")
    public String idempotencyKey;
    @Column(name = "decision_reason")
    public String decisionReason;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
    @Column(name = "submitted_at")
    public OffsetDateTime submittedAt;
    @Column(name = "decided_at")
    public OffsetDateTime decidedAt;
    // the My Number card signature (V405): the pending sign transaction, then the verified signature
    @Column(name = "sign_transaction_id")
    public String signTransactionId;
    @Column(name = "sign_state")
    public String signState;
    @Column(name = "sign_verifier")
    public String signVerifier;
    @Column(name = "sign_nonce")
    public String signNonce;
    @Column(name = "sign_digest")
    public String signDigest;
    @Column(name = "sign_started_at")
    public OffsetDateTime signStartedAt;
    public byte[] signature;
    @Column(name = "signature_certificate")
    public byte[] signatureCertificate;
    @Column(name = "signed_digest")
    public String signedDigest;
    @Column(name = "signer_name")
    public String signerName;
    @Column(name = "signed_at")
    public OffsetDateTime signedAt;
}
