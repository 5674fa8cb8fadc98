/**
 * Platform transactional outbox: a business transaction records a message for a partner system
 * ({@link jp.kyodo.tenant.outbox.Outbox#publish}); the integration module delivers it after commit.
 */
package jp.kyodo.tenant.outbox;
