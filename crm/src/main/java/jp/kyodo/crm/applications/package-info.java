/**
 * Online applications (電子申請): procedures as data per city ({@link jp.kyodo.crm.applications.Procedures}: forms,
 * pre-fill sources, required attachments, signature, workflow, result notice; adopted from shipped national templates,
 * edited, versioned, hidden), the citizen's journey ({@link jp.kyodo.crm.applications.MyApplications}: start
 * pre-filled, draft, submit once, answer a request, withdraw, read the result notice) and the staff workflow
 * ({@link jp.kyodo.crm.applications.ApplicationReview}: queue per procedure and step, review, request information,
 * approve with a two-person check, reject, CSV export). The implementation is under {@code internal/}.
 */
package jp.kyodo.crm.applications;
