package jp.kyodo.agents.programmes.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** Storage of one saved version of a programme (append-only); {@code tenant_id} comes from the bound city. */
@Entity
@Table(name = "programme_version")
public class ProgrammeVersionRow {
    @Id
    public UUID id;
    @Column(name = "tenant_id", insertable = false, updatable = false)
    public UUID tenantId;
    @Column(name = "entry_id")
    public UUID entryId;
    public int version;
    public String yaml;
    /** SHA-256 of the shipped template text this version is based on (TEMPLATE entries). */
    @Column(name = "template_hash")
    public String templateHash;
    /** The shipped template text this version is based on (for the diff when the template changes). */
    @Column(name = "template_yaml")
    public String templateYaml;
    public String author;
    public String comment;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
}
