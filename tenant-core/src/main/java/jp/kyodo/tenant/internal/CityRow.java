package jp.kyodo.tenant.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.CityStatus;

/** Storage of the city registry (global table {@code city}). */
@Entity
@Table(name = "city")
@jakarta.persistence.EntityListeners(CityRowListener.class)
public class CityRow {
    @Id
    public UUID id;
    @Column(name = "lg_code")
    public String code;
    public String name;
    @Column(name = "name_kana")
    public String nameKana;
    public String prefecture;
    @Enumerated(EnumType.STRING)
    public CityStatus status;
    @Column(name = "portal_host")
    public String portalHost;
    @Column(name = "keycloak_org_id")
    public String keycloakOrgId;
    @Column(name = "created_at", insertable = false, updatable = false)
    public OffsetDateTime createdAt;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
    @Column(name = "last_exported_at")
    public OffsetDateTime lastExportedAt;
    /** A vendor asked for the deletion; a second vendor approves it (docs/tenancy.md, "City lifecycle"). */
    @Column(name = "deletion_requested_by")
    public String deletionRequestedBy;
    /** The Keycloak subject id of the vendor who asked: the second-vendor check compares subjects. */
    @Column(name = "deletion_requested_by_sub")
    public String deletionRequestedBySubject;
    @Column(name = "deletion_requested_at")
    public OffsetDateTime deletionRequestedAt;
    @Column(name = "deletion_approved_by")
    public String deletionApprovedBy;
    @Column(name = "purge_attempts")
    public int purgeAttempts;
    @Column(name = "purge_error")
    public String purgeError;
    @Column(name = "purge_lease_until")
    public OffsetDateTime purgeLeaseUntil;

    public City toCity() {
        return new City(id, code, name, nameKana, prefecture, status, portalHost);
    }
}
