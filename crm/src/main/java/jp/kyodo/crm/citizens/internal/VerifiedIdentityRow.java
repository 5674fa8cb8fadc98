package jp.kyodo.crm.citizens.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;
import jp.kyodo.crm.citizens.VerifiedIdentity;

/** Storage of a citizen's card-verified 基本4情報; {@code tenant_id} comes from the database's bound city. */
@Entity
@Table(name = "citizen_verified_identity")
public class VerifiedIdentityRow {
    @Id
    public UUID id;
    @Column(name = "tenant_id", insertable = false, updatable = false)
    public UUID tenantId;
    @Column(name = "citizen_subject")
    public String citizenSubject;
    @Column(name = "full_name")
    public String fullName;
    public String address;
    @Column(name = "birth_date")
    public LocalDate birthDate;
    public String gender;
    @Column(name = "assurance_level")
    public String assuranceLevel;
    public String acr;
    @Column(name = "identity_provider")
    public String identityProvider;
    @Column(name = "verified_at")
    public OffsetDateTime verifiedAt;

    public VerifiedIdentity toVerifiedIdentity() {
        return new VerifiedIdentity(fullName, address, birthDate, gender, assuranceLevel, acr, identityProvider, verifiedAt);
    }
}
