package jp.kyodo.agents.concierge.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.LocalDate;
import jp.kyodo.agents.concierge.ConciergeUsageDay;

/**
 * One day's counters of the bound city (read only; written by an upsert in {@code ConciergeService}). The key is
 * (tenant_id, day); row-level security leaves only the bound city's rows, so the day alone identifies a row here.
 */
@Entity
@Table(name = "concierge_usage")
public class UsageRow {
    @Id
    public LocalDate day;
    @Column(name = "tenant_id", insertable = false, updatable = false)
    public java.util.UUID tenantId;
    public int questions;
    public int answered;
    @Column(name = "handed_over")
    public int handedOver;
    @Column(name = "tokens_in")
    public long tokensIn;
    @Column(name = "tokens_out")
    public long tokensOut;

    public int clarified;
    public int chosen;

    public ConciergeUsageDay toUsage() {
        return new ConciergeUsageDay(day, questions, answered, handedOver, tokensIn, tokensOut, clarified, chosen);
    }
}
