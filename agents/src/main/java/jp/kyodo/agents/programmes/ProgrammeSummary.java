package jp.kyodo.agents.programmes;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One programme of the city's registry, as listed.
 *
 * @param id                      the entry's id in this city (use it in the API's paths)
 * @param programmeId             制度番号 (e.g. "JP-0001", "282022-0001")
 * @param name                    制度名 of the latest version
 * @param origin                  TEMPLATE (follows a template shipped with Kyodo) or OWN (the city's own, possibly derived)
 * @param templateId              the shipped template followed (TEMPLATE only)
 * @param status                  PUBLISHED, DRAFT (never published) or HIDDEN
 * @param publishedVersion        the version citizens see (null = none)
 * @param latestVersion           the newest saved version
 * @param hasDraft                a version newer than the published one exists
 * @param hidden                  hidden from citizens
 * @param templateUpdateAvailable the shipped template changed since the city adopted it
 * @param publishedAt             when the published version was published
 */
public record ProgrammeSummary(UUID id, String programmeId, String name, String origin, String templateId,
                               String status, Integer publishedVersion, int latestVersion, boolean hasDraft,
                               boolean hidden, boolean templateUpdateAvailable, OffsetDateTime publishedAt) { }
