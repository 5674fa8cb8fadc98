-- Kyodo platform schema, part 1: the city registry (global) and the tenancy primitives.
-- Runs as the owner role (kyodo_owner). The application connects as kyodo_app, which owns
-- nothing, is not superuser, has no BYPASSRLS and gets only the grants listed at the end.

-- The current city of the transaction, bound by the application with
--   SELECT set_config('app.tenant_id', '<uuid>', true)   (transaction-local, never per session).
-- NULL and '' (what a pooled connection reads after a SET LOCAL ended) both mean "no city":
-- every policy that uses this function then matches no row (fail closed).
CREATE FUNCTION kyodo_current_tenant() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid $$;

-- 自治体 (municipality) registry: one row per city that uses this deployment. Global, not
-- tenant data: the tenant filter reads it before any city is bound. Holds no personal data.
CREATE TABLE city (
    id            uuid PRIMARY KEY,
    lg_code       char(6) NOT NULL UNIQUE,          -- 全国地方公共団体コード (6 digits, check digit included)
    name          text NOT NULL,
    name_kana     text NOT NULL,
    prefecture    text NOT NULL,
    status        text NOT NULL CHECK (status IN ('PROVISIONING', 'ACTIVE', 'SUSPENDED', 'DELETED')),
    portal_host   text UNIQUE,                      -- optional own host name for the citizen portal
    keycloak_org_id text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    last_exported_at timestamptz
);

-- Vendor-level events (city created, suspended, exported, deleted…): kept when a city is deleted.
CREATE TABLE platform_event (
    id          bigserial PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    actor       text NOT NULL,
    action      text NOT NULL,
    city_code   char(6),
    detail      jsonb NOT NULL DEFAULT '{}'::jsonb
);

-- Per-city settings (display name, branding, languages, enabled modules).
CREATE TABLE city_settings (
    tenant_id        uuid NOT NULL DEFAULT kyodo_current_tenant() REFERENCES city (id),
    id               uuid NOT NULL,
    display_name     text NOT NULL,
    primary_color    text NOT NULL DEFAULT '#0017c1' CHECK (primary_color ~ '^#[0-9a-fA-F]{6}$'),
    secondary_color  text NOT NULL DEFAULT '#00118f' CHECK (secondary_color ~ '^#[0-9a-fA-F]{6}$'),
    logo_url         text,
    languages        text NOT NULL DEFAULT 'ja,en',
    enabled_modules  text NOT NULL DEFAULT 'portal,crm,agents',
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id)
);

-- 監査ログ: who did what to which record, including staff reading personal data.
-- Append-only for the application role (INSERT and SELECT only).
CREATE TABLE audit_event (
    tenant_id    uuid NOT NULL DEFAULT kyodo_current_tenant() REFERENCES city (id),
    id           uuid NOT NULL,
    at           timestamptz NOT NULL DEFAULT now(),
    actor        text NOT NULL,
    actor_role   text,
    action       text NOT NULL,
    entity_type  text NOT NULL,
    entity_id    text,
    detail       jsonb NOT NULL DEFAULT '{}'::jsonb,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX audit_event_at ON audit_event (tenant_id, at DESC);

-- City members as the city knows them (the identity itself lives in Keycloak).
CREATE TABLE city_member (
    tenant_id     uuid NOT NULL DEFAULT kyodo_current_tenant() REFERENCES city (id),
    id            uuid NOT NULL,
    keycloak_user_id text NOT NULL,
    username      text NOT NULL,
    display_name  text NOT NULL,
    email         text,
    role          text NOT NULL CHECK (role IN ('citizen', 'operator', 'staff', 'city-admin')),
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, username)
);

-- お知らせ: notices a city publishes on its portal.
CREATE TABLE notice (
    tenant_id     uuid NOT NULL DEFAULT kyodo_current_tenant() REFERENCES city (id),
    id            uuid NOT NULL,
    title         text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    body          text NOT NULL CHECK (length(body) <= 20000),
    category      text NOT NULL DEFAULT 'general',
    published     boolean NOT NULL DEFAULT false,
    published_at  timestamptz,
    created_by    text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    version       integer NOT NULL DEFAULT 1,
    PRIMARY KEY (tenant_id, id)
);
