package jp.kyodo.crm.citizens.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import jp.kyodo.crm.citizens.PersonFacts;
import jp.kyodo.crm.citizens.Profile;

/** Storage of a citizen profile; {@code tenant_id} comes from the database's bound city. */
@Entity
@Table(name = "citizen_profile")
public class CitizenProfileRow {
    @Id
    public UUID id;
    @Column(name = "tenant_id", insertable = false, updatable = false)
    public UUID tenantId;
    /** The citizen's immutable Keycloak subject id: the key of the profile. */
    @Column(name = "citizen_subject")
    public String citizenSubject;
    /** The citizen's user name (text for people to read; never used to find the profile). */
    public String username;
    @Column(name = "full_name")
    public String fullName;
    @Column(name = "full_name_kana")
    public String fullNameKana;
    @Column(name = "birth_date")
    public LocalDate birthDate;
    @Column(name = "postal_code")
    public String postalCode;
    public String prefecture;
    public String municipality;
    public String street;
    public String phone;
    public String email;
    public String language;
    @Column(name = "email_notifications")
    public boolean emailNotifications;
    @Column(name = "physical_handbook")
    public Integer physicalHandbook;
    @Column(name = "ryoiku_handbook")
    public String ryoikuHandbook;
    @Column(name = "mental_handbook")
    public Integer mentalHandbook;
    @Column(name = "school_year")
    public Integer schoolYear;
    @Column(name = "single_parent")
    public boolean singleParent;
    @Column(name = "income_after_deductions")
    public Long incomeAfterDeductions;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;

    public Profile toProfile() {
        List<String> channels = new ArrayList<>(List.of("portal"));
        if (emailNotifications) {
            channels.add("email");
        }
        return new Profile(username, fullName, fullNameKana, birthDate, postalCode, prefecture, municipality, street,
                phone, email, language, List.copyOf(channels),
                new PersonFacts(physicalHandbook, ryoikuHandbook, mentalHandbook, schoolYear), singleParent,
                incomeAfterDeductions, updatedAt);
    }
}
