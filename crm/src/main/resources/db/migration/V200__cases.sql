-- Contact-centre cases (案件): every inquiry from any channel, its timeline, the queues and routing rules of the
-- city, the response targets per priority, and proposals to improve the FAQ. All tenant tables.

-- Queues (窓口): tier 2 = the operators' queue; tier 3 = a city department's queue.
CREATE TABLE case_queue (
    tenant_id   uuid NOT NULL DEFAULT kyodo_current_tenant() REFERENCES city (id),
    id          uuid NOT NULL,
    code        text NOT NULL CHECK (code ~ '^[a-z0-9-]{1,40}$'),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    tier        integer NOT NULL CHECK (tier IN (2, 3)),
    department  text,
    is_default  boolean NOT NULL DEFAULT false,
    position    integer NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, code)
);
CREATE UNIQUE INDEX case_queue_one_default ON case_queue (tenant_id) WHERE is_default;
SELECT kyodo_make_tenant_table('case_queue', '${app_role}');
ALTER TABLE case_queue FORCE ROW LEVEL SECURITY;

-- Routing rules (振り分けルール), evaluated by position; the first whose conditions all hold picks the queue.
CREATE TABLE case_routing_rule (
    tenant_id             uuid NOT NULL DEFAULT kyodo_current_tenant() REFERENCES city (id),
    id                    uuid NOT NULL,
    position              integer NOT NULL,
    category              text,
    keywords              text,
    suggested_department  text,
    priority              text CHECK (priority IN ('LOW', 'NORMAL', 'HIGH', 'URGENT')),
    queue_id              uuid NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, position),
    FOREIGN KEY (tenant_id, queue_id) REFERENCES case_queue (tenant_id, id)
);
SELECT kyodo_make_tenant_table('case_routing_rule', '${app_role}');
ALTER TABLE case_routing_rule FORCE ROW LEVEL SECURITY;

-- Response targets (対応期限) per priority, in minutes from reception.
CREATE TABLE case_sla_policy (
    tenant_id        uuid NOT NULL DEFAULT kyodo_current_tenant() REFERENCES city (id),
    id               uuid NOT NULL,
    priority         text NOT NULL CHECK (priority IN ('LOW', 'NORMAL', 'HIGH', 'URGENT')),
    response_minutes integer NOT NULL CHECK (response_minutes BETWEEN 5 AND 525600),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, priority)
);
SELECT kyodo_make_tenant_table('case_sla_policy', '${app_role}');
ALTER TABLE case_sla_policy FORCE ROW LEVEL SECURITY;

-- The case itself. "case" is an SQL keyword, hence inquiry_case.
CREATE TABLE inquiry_case (
    tenant_id          uuid NOT NULL DEFAULT kyodo_current_tenant() REFERENCES city (id),
    id                 uuid NOT NULL,
    reception_number   text NOT NULL,
    channel            text NOT NULL CHECK (channel IN ('CONCIERGE', 'WEB_FORM', 'PHONE', 'EMAIL', 'COUNTER')),
    category           text NOT NULL,
    subject            text NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
    department         text,
    priority           text NOT NULL CHECK (priority IN ('LOW', 'NORMAL', 'HIGH', 'URGENT')),
    status             text NOT NULL CHECK (status IN ('NEW', 'ASSIGNED', 'WAITING_FOR_CITIZEN', 'ESCALATED', 'RESOLVED', 'CLOSED')),
    queue_id           uuid NOT NULL,
    assignee           text,
    citizen_username   text,
    contact_name       text,
    contact_email      text,
    contact_phone      text,
    language           text NOT NULL DEFAULT 'ja',
    handover_id        uuid,
    created_by         text NOT NULL,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    sla_due_at         timestamptz NOT NULL,
    sla_escalated_at   timestamptz,
    first_response_at  timestamptz,
    resolved_at        timestamptz,
    version            integer NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, reception_number),
    FOREIGN KEY (tenant_id, queue_id) REFERENCES case_queue (tenant_id, id)
);
CREATE INDEX inquiry_case_queue ON inquiry_case (tenant_id, queue_id, status);
CREATE INDEX inquiry_case_citizen ON inquiry_case (tenant_id, citizen_username, created_at DESC);
CREATE INDEX inquiry_case_sla ON inquiry_case (tenant_id, sla_due_at) WHERE status NOT IN ('RESOLVED', 'CLOSED');
SELECT kyodo_make_tenant_table('inquiry_case', '${app_role}');
ALTER TABLE inquiry_case FORCE ROW LEVEL SECURITY;

-- The timeline (経過): append-only for the application (SELECT and INSERT only).
CREATE TABLE case_event (
    tenant_id           uuid NOT NULL DEFAULT kyodo_current_tenant() REFERENCES city (id),
    id                  uuid NOT NULL,
    case_id             uuid NOT NULL,
    at                  timestamptz NOT NULL DEFAULT clock_timestamp(),
    kind                text NOT NULL CHECK (kind IN ('RECEIVED', 'TRANSCRIPT', 'CITIZEN_MESSAGE', 'STAFF_REPLY',
                            'INTERNAL_NOTE', 'CALL_NOTE', 'HANDOVER', 'ASSIGNMENT', 'STATUS', 'SLA')),
    actor               text NOT NULL,
    visible_to_citizen  boolean NOT NULL DEFAULT false,
    body                text NOT NULL DEFAULT '',
    detail              jsonb NOT NULL DEFAULT '{}'::jsonb,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, case_id) REFERENCES inquiry_case (tenant_id, id)
);
CREATE INDEX case_event_case ON case_event (tenant_id, case_id, at);
SELECT kyodo_make_tenant_table('case_event', '${app_role}', true);
ALTER TABLE case_event FORCE ROW LEVEL SECURITY;

-- Proposals to improve the FAQ (FAQ改善提案) made when a case is resolved with an answer.
CREATE TABLE faq_proposal (
    tenant_id    uuid NOT NULL DEFAULT kyodo_current_tenant() REFERENCES city (id),
    id           uuid NOT NULL,
    case_id      uuid NOT NULL,
    kind         text NOT NULL CHECK (kind IN ('NEW_ENTRY', 'PHRASING')),
    entry_id     text,
    question     text NOT NULL CHECK (length(question) BETWEEN 1 AND 500),
    answer       text CHECK (answer IS NULL OR length(answer) <= 4000),
    status       text NOT NULL CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED')),
    proposed_by  text NOT NULL,
    proposed_at  timestamptz NOT NULL DEFAULT now(),
    decided_by   text,
    decided_at   timestamptz,
    decision_note text,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, case_id) REFERENCES inquiry_case (tenant_id, id)
);
CREATE INDEX faq_proposal_status ON faq_proposal (tenant_id, status, proposed_at DESC);
SELECT kyodo_make_tenant_table('faq_proposal', '${app_role}');
ALTER TABLE faq_proposal FORCE ROW LEVEL SECURITY;
