-- Notifications to citizens (お知らせ): the portal inbox and the e-mail outbox. Tenant tables.

-- One message in a citizen's portal inbox (always written, in the transaction of the change).
CREATE TABLE inbox_message (
    tenant_id   uuid NOT NULL DEFAULT kyodo_current_tenant() REFERENCES city (id),
    id          uuid NOT NULL,
    username    text NOT NULL,
    subject     text NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
    body        text NOT NULL CHECK (length(body) <= 20000),
    link        text,
    created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    read_at     timestamptz,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX inbox_message_user ON inbox_message (tenant_id, username, created_at DESC);
SELECT kyodo_make_tenant_table('inbox_message', '${app_role}');
ALTER TABLE inbox_message FORCE ROW LEVEL SECURITY; -- already forced by the function; stated for readers

-- An e-mail to send after the commit (outbox): written with the inbox message, sent by the mail
-- sender, retried with back-off until it is sent or has failed too often.
CREATE TABLE mail_outbox (
    tenant_id        uuid NOT NULL DEFAULT kyodo_current_tenant() REFERENCES city (id),
    id               uuid NOT NULL,
    message_id       uuid NOT NULL,
    recipient        text NOT NULL,
    subject          text NOT NULL,
    body             text NOT NULL,
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    sent_at          timestamptz,
    last_error       text,
    created_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, message_id) REFERENCES inbox_message (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX mail_outbox_due ON mail_outbox (tenant_id, next_attempt_at) WHERE sent_at IS NULL;
SELECT kyodo_make_tenant_table('mail_outbox', '${app_role}');
ALTER TABLE mail_outbox FORCE ROW LEVEL SECURITY; -- already forced by the function; stated for readers
