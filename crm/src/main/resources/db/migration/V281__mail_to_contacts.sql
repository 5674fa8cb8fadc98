-- E-mails to contacts without a citizen account (replies to their case) have no portal inbox message.
ALTER TABLE mail_outbox ALTER COLUMN message_id DROP NOT NULL;
