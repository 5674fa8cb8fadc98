package jp.kyodo.crm.applications;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import jp.kyodo.crm.applications.internal.ApplicationRecords;
import jp.kyodo.crm.applications.internal.ApplicationRow;
import jp.kyodo.tenant.TenantContext;

/**
 * A decided application as a partner system receives it (the integration layer hands an approved 児童手当 application
 * to the city's 児童手当 system). The {@code applications.decided} event carries identifiers only; this is the one
 * place the answers leave the applications capability for another module (the integration layer audits each
 * delivery). Runs with the city bound, under row-level security: another city's id is empty.
 */
@ApplicationScoped
public class DecidedApplications {

    /** What a core system needs of a decision: the answers are the form's keys ({@code children[0].fullName}). */
    public record Decided(UUID id, String receptionNumber, String procedureId, String procedureName, ApplicationStatus status,
            String applicantName, String subjectName, OffsetDateTime submittedAt, OffsetDateTime decidedAt, String reason,
            Map<String, String> answers) {
    }

    @PersistenceContext(unitName = "kyodo")
    EntityManager em;
    @Inject
    TenantContext tenant;

    /**
     * The application if it is decided (approved or rejected) in the current city. The caller records the hand-over
     * in the audit trail when it has happened (a partner that is down makes the integration layer read it again).
     */
    @Transactional(Transactional.TxType.REQUIRED)
    public Optional<Decided> find(UUID id) {
        tenant.city();
        ApplicationRow row = em.find(ApplicationRow.class, id);
        if (row == null || row.decidedAt == null) {
            return Optional.empty();
        }
        ApplicationStatus status = ApplicationStatus.valueOf(row.status);
        if (status != ApplicationStatus.APPROVED && status != ApplicationStatus.REJECTED) {
            return Optional.empty();
        }
        Map<String, String> answers = ApplicationRecords.map(row.answers);
        return Optional.of(new Decided(row.id, row.receptionNumber, row.procedureId, row.procedureName, status,
                answers.getOrDefault("applicant.fullName", null), row.subjectName, row.submittedAt, row.decidedAt,
                row.decisionReason, java.util.Collections.unmodifiableMap(answers)));
    }
}
