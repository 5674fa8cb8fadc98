package jp.kyodo.crm.cases.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A link sent by e-mail to a contact without a citizen account: the SHA-256 (base64url) of its random token only;
 * {@code tenant_id} comes from the database's bound city. {@code expiresAt} is set when the link is issued (its fixed
 * lifetime), brought forward when the case is closed, and set to the moment a newer link for the case is issued.
 */
@Entity
@Table(name = "case_contact_link")
public class ContactLinkRow {
    @Id
    public UUID id;
    @Column(name = "tenant_id", insertable = false, updatable = false)
    public UUID tenantId;
    @Column(name = "case_id")
    public UUID caseId;
    @Column(name = "token_hash")
    public String tokenHash;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    @Column(name = "expires_at")
    public OffsetDateTime expiresAt;
}
