/**
 * Contact-centre cases (案件): every inquiry (問合せ) from any channel — the concierge's hand-overs, the citizen's web
 * form, phone calls and counter visits logged by operators, e-mail — becomes one case of the current city, with a
 * reception number (受付番号), a queue (operators = tier 2, departments = tier 3), a response target and an append-only
 * timeline. {@link jp.kyodo.crm.cases.CaseService} is the staff side, {@link jp.kyodo.crm.cases.MyInquiries} the
 * citizen's own cases.
 */
package jp.kyodo.crm.cases;
