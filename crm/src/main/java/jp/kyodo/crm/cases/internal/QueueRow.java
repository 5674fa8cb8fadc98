package jp.kyodo.crm.cases.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/** A queue of the city. */
@Entity
@Table(name = "case_queue")
public class QueueRow {
    @Id
    public UUID id;
    @Column(name = "tenant_id", insertable = false, updatable = false)
    public UUID tenantId;
    public String code;
    public String name;
    public int tier;
    public String department;
    @Column(name = "is_default")
    public boolean isDefault;
    public int position;
}
