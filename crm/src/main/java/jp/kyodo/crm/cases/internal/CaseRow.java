package jp.kyodo.crm.cases.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.OffsetDateTime;
import java.util.UUID;

/** Storage of a case; {@code tenant_id} comes from the database's bound city. */
@Entity
@Table(name = "inquiry_case")
public class CaseRow {
    @Id
    public UUID id;
    @Column(name = "tenant_id", insertable = false, updatable = false)
    public UUID tenantId;
    @Column(name = "reception_number")
    public String receptionNumber;
    public String channel;
    public String category;
    public String subject;
    public String department;
    public String priority;
    public String status;
    @Column(name = "queue_id")
    public UUID queueId;
    /** Who has the case: the user name when they took it (text for the record; never used to find the person). */
    public String assignee;
    /** Who has the case: their immutable Keycloak subject id ("mine", taking it again, the name shown). */
    @Column(name = "assignee_subject")
    public String assigneeSubject;
    /** The citizen's user name when the case was opened (text for people to read; never used to find the citizen). */
    @Column(name = "citizen_username")
    public String citizenUsername;
    /** The citizen's immutable Keycloak subject id: whose case it is (null: a contact without an account). */
    @Column(name = "citizen_subject")
    public String citizenSubject;
    @Column(name = "contact_name")
    public String contactName;
    @Column(name = "contact_email")
    public String contactEmail;
    @Column(name = "contact_phone")
    public String contactPhone;
    public String language;
    /** Text, not UUID: EclipseLink 4.0.9's UUID converter fails on a NULL column value. */
    @Column(name = "handover_id")
    public String handoverId;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
    @Column(name = "sla_due_at")
    public OffsetDateTime slaDueAt;
    /** When the case becomes "near" its due time (fixed at opening by {@code SlaRules}). */
    @Column(name = "sla_warn_at")
    public OffsetDateTime slaWarnAt;
    /** Set once, by the conditional UPDATE that writes the single "near" warning. */
    @Column(name = "sla_warned_at")
    public OffsetDateTime slaWarnedAt;
    @Column(name = "sla_escalated_at")
    public OffsetDateTime slaEscalatedAt;
    @Column(name = "first_response_at")
    public OffsetDateTime firstResponseAt;
    @Column(name = "resolved_at")
    public OffsetDateTime resolvedAt;
    @Version
    public int version;
}
