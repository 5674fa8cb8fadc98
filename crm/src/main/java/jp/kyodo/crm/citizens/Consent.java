package jp.kyodo.crm.citizens;

import java.time.OffsetDateTime;

/**
 * One consent event (同意の記録): given or withdrawn, for a purpose and the version of its text.
 *
 * @param purpose the purpose code (see {@link ConsentPurpose})
 * @param label   Japanese label of the purpose
 * @param version the version of the text the citizen saw
 * @param given   true = given, false = withdrawn
 * @param at      when
 */
public record Consent(String purpose, String label, String version, boolean given, OffsetDateTime at) {
}
