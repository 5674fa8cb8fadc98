package jp.kyodo.crm.applications;

import java.time.OffsetDateTime;

/**
 * What the citizen gets on submission (受付票): the reception number, when, and what happens next.
 *
 * @param replay true when this submission had already been made (a double click or retry): nothing changed
 */
public record Receipt(String id, String receptionNumber, String procedureName, OffsetDateTime submittedAt,
                      String nextJa, String nextEn, boolean replay) {
}
