/**
 * The life-event agents' tools and the person's confirmation, implemented over the citizen records and the
 * applications capability (the contracts, {@link jp.kyodo.agents.lifeevents.AgentTools} and
 * {@link jp.kyodo.agents.lifeevents.PersonConfirmation}, live in {@code agents}, which cannot see {@code crm}).
 * Everything here acts as the signed-in citizen through {@link jp.kyodo.crm.applications.MyApplications} and
 * {@link jp.kyodo.crm.citizens.CitizenRecords}: only their record, only their drafts, only their city.
 */
package jp.kyodo.crm.lifeevents;
