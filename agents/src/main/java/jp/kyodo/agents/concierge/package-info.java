/**
 * The AI concierge inside the application: {@link jp.kyodo.agents.concierge.ConciergeService} answers for the city of
 * the current request only (its knowledge index is keyed by the city's id from {@code TenantContext}), records
 * hand-overs to a person ({@code concierge_handover}) and daily usage counters ({@code concierge_usage});
 * {@link jp.kyodo.agents.concierge.ConciergeResource} is its API ({@code /api/v1/concierge}).
 * Implementation classes live in {@code jp.kyodo.agents.concierge.internal} and are not API.
 */
package jp.kyodo.agents.concierge;
