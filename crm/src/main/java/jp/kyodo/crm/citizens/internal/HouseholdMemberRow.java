package jp.kyodo.crm.citizens.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;
import jp.kyodo.crm.citizens.HouseholdMember;
import jp.kyodo.crm.citizens.PersonFacts;
import jp.kyodo.crm.citizens.Relationship;

/** Storage of a household member; {@code tenant_id} comes from the database's bound city. */
@Entity
@Table(name = "household_member")
public class HouseholdMemberRow {
    @Id
    public UUID id;
    @Column(name = "tenant_id", insertable = false, updatable = false)
    public UUID tenantId;
    @Column(name = "profile_id")
    public UUID profileId;
    @Column(name = "full_name")
    public String fullName;
    @Column(name = "full_name_kana")
    public String fullNameKana;
    public String relationship;
    @Column(name = "birth_date")
    public LocalDate birthDate;
    @Column(name = "acts_for")
    public boolean actsFor;
    @Column(name = "physical_handbook")
    public Integer physicalHandbook;
    @Column(name = "ryoiku_handbook")
    public String ryoikuHandbook;
    @Column(name = "mental_handbook")
    public Integer mentalHandbook;
    @Column(name = "school_year")
    public Integer schoolYear;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;

    public HouseholdMember toMember() {
        return new HouseholdMember(id, fullName, fullNameKana, Relationship.of(relationship).orElse(Relationship.OTHER),
                birthDate, actsFor, new PersonFacts(physicalHandbook, ryoikuHandbook, mentalHandbook, schoolYear));
    }
}
