package jp.kyodo.agents.lifeevents.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;
import jp.kyodo.tenant.audit.internal.JsonbText;

/** A citizen's life-event bundle; {@code answers} and {@code drafts} are JSON objects of strings. */
@Entity
@Table(name = "life_event_bundle")
public class BundleRow {
    @Id
    public UUID id;
    @Column(name = "tenant_id", insertable = false, updatable = false)
    public UUID tenantId;
    /** The owner's Keycloak subject id (sub): a later account with the same user name owns nothing here. */
    @Column(name = "owner_subject")
    public String ownerSubject;
    @Column(name = "bundle_id")
    public String bundleId;
    @Column(columnDefinition = "jsonb")
    @Convert(converter = JsonbText.class)
    public String answers;
    @Column(columnDefinition = "jsonb")
    @Convert(converter = JsonbText.class)
    public String drafts;
    /** What a certificate photo proposed: {@code {"document": …, "proposals": {question: value}}} (V397). */
    @Column(columnDefinition = "jsonb")
    @Convert(converter = JsonbText.class)
    public String photo;
    /** Why the bundle became a case: {@code ASKED} (the person asked for help) or {@code ABANDONED}; null: none (V392). */
    @Column(name = "help_reason")
    public String helpReason;
    @Column(name = "help_at")
    public OffsetDateTime helpAt;
    /** The reception number (受付番号) of the case it became. */
    @Column(name = "help_case")
    public String helpCase;
    /** The answers an operator recorded on the person's behalf: question id → the operator's user name (V392). */
    @Column(name = "operator_answers", columnDefinition = "jsonb")
    @Convert(converter = JsonbText.class)
    public String operatorAnswers;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
}
