/**
 * Notifications to citizens (お知らせ): every {@link jp.kyodo.crm.CitizenNotification} becomes a message in the
 * citizen's portal inbox in the same transaction and, when the citizen chose e-mail, an outbox entry that is sent over
 * SMTP after the commit and retried with back-off ({@code kyodo.smtp.*}). {@link jp.kyodo.crm.notifications.Inbox} is
 * the citizen's side.
 */
package jp.kyodo.crm.notifications;
