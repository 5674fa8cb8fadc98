package jp.kyodo.crm.cases.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;
import jp.kyodo.crm.cases.CaseEvent;
import jp.kyodo.crm.cases.EventKind;
import jp.kyodo.tenant.audit.internal.JsonbText;

/** One timeline entry; the table is append-only for the application role. */
@Entity
@Table(name = "case_event")
public class CaseEventRow {
    @Id
    public UUID id;
    @Column(name = "tenant_id", insertable = false, updatable = false)
    public UUID tenantId;
    @Column(name = "case_id")
    public UUID caseId;
    public OffsetDateTime at;
    public String kind;
    public String actor;
    @Column(name = "visible_to_citizen")
    public boolean visibleToCitizen;
    public String body;
    @Column(columnDefinition = "jsonb")
    @Convert(converter = JsonbText.class)
    public String detail;

    public CaseEvent toEvent() {
        return toEvent(java.util.List.of());
    }

    public CaseEvent toEvent(java.util.List<jp.kyodo.crm.cases.Attachment> attachments) {
        return new CaseEvent(id, at, EventKind.valueOf(kind), actor, visibleToCitizen, body, attachments);
    }
}
