package jp.kyodo.agents.lifeevents.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One tool call of a bundle's agent (append-only). */
@Entity
@Table(name = "life_event_tool_call")
public class ToolCallRow {
    @Id
    public UUID id;
    @Column(name = "tenant_id", insertable = false, updatable = false)
    public UUID tenantId;
    public UUID bundle;
    public String tool;
    public String target;
    public String outcome;
    public OffsetDateTime at;
}
