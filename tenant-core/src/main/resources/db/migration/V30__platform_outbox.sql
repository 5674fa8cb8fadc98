-- Platform transactional outbox (送信待ち): a message to a partner system is written in the same
-- transaction as the business change that causes it, so both commit or neither does. The
-- integration module's dispatcher claims due rows with FOR UPDATE SKIP LOCKED and a lease (several
-- servers never send the same row at once; a crashed server's lease runs out and another takes
-- over), delivers them, and marks them SENT, or DEAD after its bounded retries.
-- Order: rows of one city with the same (topic, message_key) are delivered in seq order.
CREATE TABLE outbox_message (
    tenant_id       uuid NOT NULL DEFAULT kyodo_current_tenant() REFERENCES city (id),
    id              uuid NOT NULL DEFAULT gen_random_uuid(),
    seq             bigint GENERATED ALWAYS AS IDENTITY,
    topic           text NOT NULL CHECK (topic ~ '^[a-z0-9][a-z0-9._-]{0,99}$'),
    message_key     text NOT NULL CHECK (length(message_key) BETWEEN 1 AND 200),
    payload         jsonb NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    status          text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'SENT', 'DEAD')),
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    lease_owner     text,
    lease_until     timestamptz,
    sent_at         timestamptz,
    last_error      text,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, seq)
);
CREATE INDEX outbox_message_due ON outbox_message (tenant_id, next_attempt_at, seq) WHERE status = 'PENDING';
CREATE INDEX outbox_message_key ON outbox_message (tenant_id, topic, message_key, seq) WHERE status = 'PENDING';
SELECT kyodo_make_tenant_table('outbox_message', '${app_role}');

-- The cities that have outbox rows due now: lets one dispatcher poll find work across cities in one
-- round trip without ever reading a row of one city while another is bound. Returns ids only.
CREATE FUNCTION kyodo_outbox_due_cities() RETURNS SETOF uuid
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = ${flyway:defaultSchema}, pg_temp AS $$
DECLARE
    caller text := coalesce(current_setting('app.tenant_id', true), '');
    c record;
BEGIN
    FOR c IN SELECT id FROM city WHERE status = 'ACTIVE' ORDER BY lg_code LOOP
        PERFORM set_config('app.tenant_id', c.id::text, true);
        IF EXISTS (SELECT 1 FROM outbox_message m WHERE m.status = 'PENDING' AND m.next_attempt_at <= now()
                   AND (m.lease_until IS NULL OR m.lease_until < now())) THEN
            RETURN NEXT c.id;
        END IF;
    END LOOP;
    PERFORM set_config('app.tenant_id', caller, true);
END $$;
REVOKE ALL ON FUNCTION kyodo_outbox_due_cities() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION kyodo_outbox_due_cities() TO ${app_role};
