package jp.kyodo.crm.applications;

import java.time.OffsetDateTime;
import jp.kyodo.crm.applications.internal.ApplicationRow;

/** One application in a list (mine, or a staff queue). */
public record ApplicationSummary(String id, String receptionNumber, String procedureId, String procedureName,
                                 ApplicationStatus status, String statusJa, String statusEn, String subjectName,
                                 int stepIndex, OffsetDateTime submittedAt, OffsetDateTime stepDueAt, boolean overdue,
                                 OffsetDateTime updatedAt) {

    public static ApplicationSummary of(ApplicationRow r) {
        ApplicationStatus s = ApplicationStatus.valueOf(r.status);
        return new ApplicationSummary(r.id.toString(), r.receptionNumber, r.procedureId, r.procedureName, s, s.ja(), s.en(),
                r.subjectName, r.stepIndex, r.submittedAt, s.open() ? r.stepDueAt : null,
                s.open() && r.stepDueAt != null && r.stepDueAt.isBefore(OffsetDateTime.now()), r.updatedAt);
    }
}
