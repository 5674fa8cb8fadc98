/**
 * Contact centre and administrative CRM (行政CRM): citizens and households, cases from every channel, queues,
 * routing, SLA, the citizen 360 view and notifications to citizens. Depends on {@code tenant-core} and on
 * {@code agents}' public API (knowledge suggestions, concierge hand-overs); {@code portal} depends on it.
 */
package jp.kyodo.crm;
