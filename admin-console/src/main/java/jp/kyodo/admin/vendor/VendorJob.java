package jp.kyodo.admin.vendor;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One of the vendor's background jobs as its page shows it: onboarding from a CSV ({@code ONBOARD}, with rows), or
 * one city's {@code EXPORT} or {@code IMPORT}. {@code status}: CHECKED (shown, not confirmed), QUEUED, RUNNING, DONE,
 * FAILED, CANCELLED. The counts are the rows' states (onboarding only).
 */
public record VendorJob(UUID id, String kind, String cityCode, String status, String createdBy, String createdBySubject,
                        OffsetDateTime createdAt,
                        OffsetDateTime finishedAt, String fileName, String encoding, String errorCode, String errorDetail,
                        int total, int done, int failed, int remaining, int skipped, boolean hasPayload, long payloadBytes,
                        String result) {

    public boolean finished() {
        return "DONE".equals(status) || "FAILED".equals(status) || "CANCELLED".equals(status);
    }

    /**
     * Whether this account started the job: its secrets (the temporary passwords, the exported file) and its actions
     * (confirm, cancel, erase) are that vendor's alone; other vendors see its progress. Keyed by the account's subject,
     * so a new account given a removed one's user name does not inherit its jobs.
     */
    public boolean startedBy(String subject) {
        return subject != null && subject.equals(createdBySubject);
    }

    public boolean running() {
        return "QUEUED".equals(status) || "RUNNING".equals(status);
    }

    /** One row of an onboarding job: what the file said and what the check or the run found. */
    public record Row(int line, String code, String name, String adminEmail, String adminUsername, String state,
                      String reason, java.util.List<String> values, String password) {
    }
}
