/** Inbox and outbox storage, the event observer and the SMTP sender. */
package jp.kyodo.crm.notifications.internal;
