/**
 * The citizen record (住民の登録情報): a citizen's own profile in a city, the household (世帯) they declare, the facts
 * the eligibility engine needs, and the history of consents (同意). {@link jp.kyodo.crm.citizens.CitizenRecords} is the
 * entry point; reads by anyone other than the citizen are audited.
 */
package jp.kyodo.crm.citizens;
