package jp.kyodo.crm.citizens.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;
import jp.kyodo.crm.citizens.Consent;
import jp.kyodo.crm.citizens.ConsentPurpose;

/** One consent event (append-only: the application role may only insert and read). */
@Entity
@Table(name = "consent_event")
public class ConsentEventRow {
    @Id
    public UUID id;
    @Column(name = "tenant_id", insertable = false, updatable = false)
    public UUID tenantId;
    /** Whose consent: the citizen's immutable Keycloak subject id. */
    @Column(name = "citizen_subject")
    public String citizenSubject;
    /** The citizen's user name (text only). */
    public String username;
    public String purpose;
    public String version;
    public boolean given;
    public OffsetDateTime at;
    public String actor;

    public Consent toConsent() {
        String label = ConsentPurpose.of(purpose).map(ConsentPurpose::label).orElse(purpose);
        return new Consent(purpose, label, version, given, at);
    }
}
