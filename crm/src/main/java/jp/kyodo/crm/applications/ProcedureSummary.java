package jp.kyodo.crm.applications;

import java.time.OffsetDateTime;

/**
 * One procedure of the city in a list.
 *
 * @param status          PUBLISHED (citizens can apply), DRAFT (nothing published yet) or HIDDEN
 * @param templateChanged the shipped template changed since the city adopted it (see the template update)
 */
public record ProcedureSummary(String procedureId, String name, String nameEn, String summary, String origin,
                               String status, Integer publishedVersion, int latestVersion, boolean templateChanged,
                               OffsetDateTime changedAt) {
}
