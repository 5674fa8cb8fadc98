/** 監査ログ: the per-city audit trail of who did what to which record, including reads of personal data. */
package jp.kyodo.tenant.audit;
