package jp.kyodo.crm.applications;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * One application as its reader may see it: the citizen (their own; the timeline without staff notes) or the staff
 * (with the workflow step, the checklist and the citizen 360).
 *
 * @param form      the form with each value and where it came from
 * @param missing   what still stops a submission (empty when it can be submitted, or once submitted)
 * @param noticeId  the result notice's file id once decided, else null
 * @param step      the current workflow step (staff), else null
 * @param citizen   the applicant's record (staff), else null
 */
public record ApplicationView(String id, String receptionNumber, String procedureId, String procedureName,
                              ApplicationStatus status, String statusJa, String statusEn, String applicant,
                              String subjectName, OffsetDateTime createdAt, OffsetDateTime submittedAt,
                              OffsetDateTime decidedAt, String decisionReason, List<FormSection> form,
                              List<RequirementView> attachments, List<FileInfo> files, List<TimelineEntry> timeline,
                              List<FieldError> missing, String noticeId, StepView step, Object citizen) {

    /** A section with its rows (one row unless it repeats); {@code shape} is an empty row 0, for adding rows. */
    public record FormSection(String id, String title, String titleEn, boolean repeats, int min, int max,
                              List<List<FormField>> rows, List<FormField> shape) {
    }

    /**
     * One field with its value. {@code source} is where a pre-filled value came from ({@code profile},
     * {@code household}) until the citizen changes it, else null; {@code sourceJa} / {@code sourceEn} say it in words.
     */
    public record FormField(String key, String label, String labelEn, String type, boolean required, String hint,
                            List<ProcedureDefinition.Option> options, String value, String source, String sourceJa,
                            String sourceEn, boolean shown) {
    }

    /** A required or optional document and the files given for it. */
    public record RequirementView(String id, String label, String labelEn, boolean required, List<FileInfo> files) {
    }

    public record FileInfo(String id, String requirementId, String fileName, String contentType, long size,
                           String sha256, String uploaderKind, OffsetDateTime uploadedAt) {
    }

    public record TimelineEntry(String kind, String labelJa, String labelEn, String actor, String body,
                                Map<String, Object> detail, OffsetDateTime at) {
    }

    /**
     * The workflow step an open application is at (staff view).
     *
     * @param firstCheckBy who made the first of two checks, when the step needs two and one was made
     */
    public record StepView(int index, int of, String id, String name, String role, boolean twoPersonCheck,
                           List<String> checklist, OffsetDateTime since, OffsetDateTime dueAt, boolean overdue,
                           String firstCheckBy, String assignee) {
    }
}
