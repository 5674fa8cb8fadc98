-- Life-event bundles (issue 13): a citizen's bundle (出生・転入・おくやみ) as the planner left it, so it can be paused and
-- resumed across days and restarts; and every tool call its agent made (append-only), so what the agent did can be
-- shown and checked. Both are tenant tables with forced row-level security.
CREATE TABLE life_event_bundle (
    tenant_id   uuid NOT NULL DEFAULT kyodo_current_tenant() REFERENCES city (id),
    id          uuid NOT NULL,
    owner_subject text NOT NULL,              -- the citizen's Keycloak subject id (sub), never the user name
    bundle_id   text NOT NULL CHECK (bundle_id ~ '^[a-z][a-zA-Z0-9-]{0,39}$'),
    answers     jsonb NOT NULL DEFAULT '{}',
    drafts      jsonb NOT NULL DEFAULT '{}',   -- step key → application id of the draft prepared for it
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX life_event_bundle_owner ON life_event_bundle (tenant_id, owner_subject, created_at DESC);
SELECT kyodo_make_tenant_table('life_event_bundle', '${app_role}');
ALTER TABLE life_event_bundle FORCE ROW LEVEL SECURITY;

CREATE TABLE life_event_tool_call (
    tenant_id   uuid NOT NULL DEFAULT kyodo_current_tenant() REFERENCES city (id),
    id          uuid NOT NULL,
    bundle      uuid NOT NULL,
    tool        text NOT NULL CHECK (length(tool) BETWEEN 1 AND 60),
    target      text NOT NULL DEFAULT '' CHECK (length(target) <= 200),
    outcome     text NOT NULL CHECK (outcome IN ('DONE', 'REFUSED')),
    at          timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, bundle) REFERENCES life_event_bundle (tenant_id, id)
);
CREATE INDEX life_event_tool_call_bundle ON life_event_tool_call (tenant_id, bundle, at);
SELECT kyodo_make_tenant_table('life_event_tool_call', '${app_role}', true);
ALTER TABLE life_event_tool_call FORCE ROW LEVEL SECURITY;
