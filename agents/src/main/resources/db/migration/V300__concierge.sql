-- The concierge's hand-overs to a person (引き継ぎ) and its per-day usage counters.
-- Both are tenant tables: the database fills tenant_id from the transaction's bound city.

-- A question the concierge could not (or was asked not to) answer; a person follows it up.
-- The CRM will adopt these records as contact-centre cases.
CREATE TABLE concierge_handover (
    tenant_id             uuid NOT NULL DEFAULT kyodo_current_tenant() REFERENCES city (id),
    id                    uuid NOT NULL,
    question              text NOT NULL CHECK (length(question) BETWEEN 1 AND 2000),
    transcript            jsonb NOT NULL DEFAULT '[]'::jsonb,
    reason                text NOT NULL CHECK (reason IN ('PERSON_REQUESTED', 'LOW_CONFIDENCE', 'NO_KNOWLEDGE')),
    language              text NOT NULL DEFAULT 'ja',
    suggested_department  text,
    asked_by              text NOT NULL DEFAULT 'anonymous',
    created_at            timestamptz NOT NULL DEFAULT now(),
    status                text NOT NULL DEFAULT 'open',
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX concierge_handover_open ON concierge_handover (tenant_id, status, created_at DESC);
SELECT kyodo_make_tenant_table('concierge_handover', '${app_role}');
ALTER TABLE concierge_handover FORCE ROW LEVEL SECURITY; -- already forced by the function; stated for readers

-- How many questions the concierge received per day (Japan time), answered and handed over.
CREATE TABLE concierge_usage (
    tenant_id    uuid NOT NULL DEFAULT kyodo_current_tenant() REFERENCES city (id),
    day          date NOT NULL,
    questions    integer NOT NULL DEFAULT 0 CHECK (questions >= 0),
    answered     integer NOT NULL DEFAULT 0 CHECK (answered >= 0),
    handed_over  integer NOT NULL DEFAULT 0 CHECK (handed_over >= 0),
    PRIMARY KEY (tenant_id, day)
);
SELECT kyodo_make_tenant_table('concierge_usage', '${app_role}');
ALTER TABLE concierge_usage FORCE ROW LEVEL SECURITY; -- already forced by the function; stated for readers
