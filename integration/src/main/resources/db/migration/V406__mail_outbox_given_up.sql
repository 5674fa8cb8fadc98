-- Issue #12 (session 15): an e-mail given up after too many failed attempts leaves the mail outbox's due index.
-- Before, a given-up e-mail (attempts at the maximum, never sent) stayed in mail_outbox_due (WHERE sent_at IS NULL)
-- and every claim of its city walked past it and filtered it out. Now giving up sets given_up_at
-- (MailClaim.failedSql), the index leaves such rows out and the claim's predicate is the index's
-- (MailClaim.sql: sent_at IS NULL AND given_up_at IS NULL), so a claim never reads them.
-- The table is crm's (V280); this script is in integration's list because the number given for this change was an
-- integration one. It runs after crm's V280/V281 by its version, on a fresh database as on an old one.
-- A server of the previous version, during a rolling update, still claims with "attempts < 10": correct, but it
-- cannot use the new index until it is replaced.
ALTER TABLE mail_outbox ADD COLUMN given_up_at timestamptz;

-- e-mails given up before: the moment is not known, the migration's is taken
SELECT kyodo_each_city($$
    UPDATE mail_outbox SET given_up_at = clock_timestamp() WHERE sent_at IS NULL AND attempts >= 10 $$);

DROP INDEX mail_outbox_due;
CREATE INDEX mail_outbox_due ON mail_outbox (tenant_id, next_attempt_at) WHERE sent_at IS NULL AND given_up_at IS NULL;

-- The e-mails given up, for whoever looks after delivery (row-level security of the caller applies).
CREATE VIEW mail_outbox_given_up WITH (security_invoker = true) AS
    SELECT tenant_id, id, message_id, recipient, subject, attempts, last_error, given_up_at, created_at
      FROM mail_outbox WHERE sent_at IS NULL AND given_up_at IS NOT NULL;
GRANT SELECT ON mail_outbox_given_up TO ${app_role};
