package jp.kyodo.agents.concierge.internal;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.io.StringReader;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.UUID;
import jp.kyodo.agents.concierge.ConciergeHandover;
import jp.kyodo.tenant.audit.internal.JsonbText;

/** Storage of a hand-over; {@code tenant_id} comes from the database's bound city. */
@Entity
@Table(name = "concierge_handover")
public class HandoverRow {
    @Id
    public UUID id;
    @Column(name = "tenant_id", insertable = false, updatable = false)
    public UUID tenantId;
    public String question;
    @Column(columnDefinition = "jsonb")
    @Convert(converter = JsonbText.class)
    public String transcript;
    public String reason;
    public String language;
    @Column(name = "suggested_department")
    public String suggestedDepartment;
    /** The signed-in asker's user name at the time, or {@code anonymous} (text for the record only). */
    @Column(name = "asked_by")
    public String askedBy;
    /** The signed-in asker's immutable Keycloak subject id (null: nobody signed in, or a name from before V391). */
    @Column(name = "asked_by_subject")
    public String askedBySubject;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    public String status;
    @Column(name = "reception_number")
    public String receptionNumber;

    /** The number shown for hand-overs stored before reception numbers existed. */
    public static String receptionNumber(UUID id) {
        return id.toString().substring(0, 8).toUpperCase(Locale.ROOT);
    }

    /**
     * The hand-over as staff see it.
     *
     * @param askedByName what to show for the asker: their display name while their account is in the city
     */
    public ConciergeHandover toHandover(String askedByName) {
        JsonArray t;
        try (var r = Json.createReader(new StringReader(transcript == null ? "[]" : transcript))) {
            t = r.readArray();
        }
        return new ConciergeHandover(id, receptionNumber != null ? receptionNumber : receptionNumber(id), question, reason, language, suggestedDepartment, askedByName,
                createdAt, status, t);
    }
}
