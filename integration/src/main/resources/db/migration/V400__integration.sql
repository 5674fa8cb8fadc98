-- Integration with partner systems (マイナポータル, 標準準拠システム …): idempotent receipt, dead letters and
-- each city's connector settings. All tenant tables under forced row-level security.

-- Idempotent consumer: one row per message a partner sent that Kyodo turned into an effect, written in the same
-- transaction as the effect. The unique key (city, partner, message id) makes a second delivery a no-op.
CREATE TABLE integration_received_message (
    tenant_id   uuid NOT NULL DEFAULT kyodo_current_tenant() REFERENCES city (id),
    id          uuid NOT NULL DEFAULT gen_random_uuid(),
    partner     text NOT NULL,
    message_id  text NOT NULL CHECK (length(message_id) BETWEEN 1 AND 200),
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, partner, message_id)
);
SELECT kyodo_make_tenant_table('integration_received_message', '${app_role}', true);

-- Dead letters: a message that failed after its bounded redeliveries, kept whole (the original message) with
-- the reason, until someone retries or discards it.
CREATE TABLE integration_dead_letter (
    tenant_id   uuid NOT NULL DEFAULT kyodo_current_tenant() REFERENCES city (id),
    id          uuid NOT NULL DEFAULT gen_random_uuid(),
    partner     text NOT NULL,
    route       text NOT NULL,
    direction   text NOT NULL CHECK (direction IN ('INBOUND', 'OUTBOUND')),
    message_id  text NOT NULL,
    reason      text NOT NULL,
    body        text NOT NULL,
    headers     jsonb NOT NULL DEFAULT '{}'::jsonb,
    outbox_id   uuid,
    status      text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'RETRIED', 'DISCARDED')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    resolved_at timestamptz,
    resolved_by text,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX integration_dead_letter_open ON integration_dead_letter (tenant_id, created_at) WHERE status = 'OPEN';
SELECT kyodo_make_tenant_table('integration_dead_letter', '${app_role}');

-- A city's connector to one partner system: on/off, endpoint, account, secret (AES-GCM, never returned), schedule.
CREATE TABLE integration_connector (
    tenant_id        uuid NOT NULL DEFAULT kyodo_current_tenant() REFERENCES city (id),
    id               uuid NOT NULL DEFAULT gen_random_uuid(),
    partner          text NOT NULL CHECK (partner ~ '^[a-z0-9-]{1,40}$'),
    enabled          boolean NOT NULL DEFAULT false,
    endpoint         text NOT NULL,
    account          text,
    secret_encrypted bytea,
    poll_seconds     integer NOT NULL DEFAULT 60 CHECK (poll_seconds BETWEEN 1 AND 86400),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    updated_by       text NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, partner)
);
SELECT kyodo_make_tenant_table('integration_connector', '${app_role}');

-- The cities whose connector to a partner is on (ids only), for the pollers: one round trip across cities,
-- each city's row read with that city bound.
CREATE FUNCTION kyodo_integration_enabled_cities(target_partner text) RETURNS SETOF uuid
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = ${flyway:defaultSchema}, pg_temp AS $$
DECLARE
    caller text := coalesce(current_setting('app.tenant_id', true), '');
    c record;
BEGIN
    FOR c IN SELECT id FROM city WHERE status = 'ACTIVE' ORDER BY lg_code LOOP
        PERFORM set_config('app.tenant_id', c.id::text, true);
        IF EXISTS (SELECT 1 FROM integration_connector k WHERE k.partner = target_partner AND k.enabled) THEN
            RETURN NEXT c.id;
        END IF;
    END LOOP;
    PERFORM set_config('app.tenant_id', caller, true);
END $$;
REVOKE ALL ON FUNCTION kyodo_integration_enabled_cities(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION kyodo_integration_enabled_cities(text) TO ${app_role};

-- Applications received from マイナポータル become contact-centre cases (channel MYNAPORTAL) until the
-- applications capability takes them over.
ALTER TABLE inquiry_case DROP CONSTRAINT IF EXISTS inquiry_case_channel_check;
ALTER TABLE inquiry_case ADD CONSTRAINT inquiry_case_channel_check
    CHECK (channel IN ('CONCIERGE', 'WEB_FORM', 'PHONE', 'EMAIL', 'COUNTER', 'MYNAPORTAL'));
