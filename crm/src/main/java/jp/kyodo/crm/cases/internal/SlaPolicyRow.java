package jp.kyodo.crm.cases.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/** The city's response target for one priority. */
@Entity
@Table(name = "case_sla_policy")
public class SlaPolicyRow {
    @Id
    public UUID id;
    @Column(name = "tenant_id", insertable = false, updatable = false)
    public UUID tenantId;
    public String priority;
    @Column(name = "response_minutes")
    public int responseMinutes;
    /** Minutes before the due time a case is warned about; null = the default rule ({@code SlaRules}). */
    @Column(name = "warn_before_minutes")
    public Integer warnBeforeMinutes;
}
