/**
 * Contact-centre cases (案件): every inquiry (問合せ) from any channel — the concierge's hand-overs, the citizen's web
 * form, phone calls and counter visits logged by operators, e-mail — becomes one case of the current city, with a
 * reception number (受付番号), a queue (operators = tier 2, departments = tier 3), a response target and an append-only
 * timeline. The staff side is one service per use-case family: {@link jp.kyodo.crm.cases.CaseIntake} (how cases come
 * in), {@link jp.kyodo.crm.cases.CaseWork} (take, reply, note, escalate, resolve, close),
 * {@link jp.kyodo.crm.cases.CaseLookup} (lists, one case, files, the citizen 360), {@link jp.kyodo.crm.cases.FaqProposals},
 * {@link jp.kyodo.crm.cases.CaseRouting}, {@link jp.kyodo.crm.cases.CaseQueues},
 * {@link jp.kyodo.crm.cases.ResponseTargets} and {@link jp.kyodo.crm.cases.CaseDashboard};
 * {@link jp.kyodo.crm.cases.MyInquiries} and {@link jp.kyodo.crm.cases.ContactThreads} are the citizen's and the
 * contact's own side. What they share (lookup by reference, timeline, routing and opening, FAQ learning) is in
 * {@code internal}.
 *
 * <p>Response targets are watched by {@link jp.kyodo.crm.cases.internal.SlaEscalationJob} in the background (every
 * city, every {@code kyodo.sla.sweep-seconds}) and again before each list, queue overview and dashboard: a case near
 * its due time gets one warning (and, waiting unassigned for the operators, one priority step), a case past it
 * priority URGENT and one SLA entry ({@link jp.kyodo.crm.cases.internal.SlaSweep}). The counts themselves are always
 * computed from the due and warning times.
 */
package jp.kyodo.crm.cases;
