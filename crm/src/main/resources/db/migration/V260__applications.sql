-- Online applications (電子申請): the city's procedures as versioned data, the applications citizens file, their
-- timeline and their files (the citizen's documents, staff files and the result notice PDF). All tenant tables.

-- One procedure of the city. TEMPLATE follows a template shipped with Kyodo (and pins the template text it adopted),
-- OWN is the city's own.
CREATE TABLE procedure_entry (
    tenant_id          uuid NOT NULL DEFAULT kyodo_current_tenant() REFERENCES city (id),
    id                 uuid NOT NULL,
    procedure_id       text NOT NULL CHECK (procedure_id ~ '^[a-z0-9][a-z0-9-]{0,59}$'),
    origin             text NOT NULL CHECK (origin IN ('TEMPLATE', 'OWN')),
    template_id        text,
    hidden             boolean NOT NULL DEFAULT false,
    latest_version     integer NOT NULL DEFAULT 0 CHECK (latest_version >= 0),
    published_version  integer CHECK (published_version >= 1 AND published_version <= latest_version),
    published_at       timestamptz,
    changed_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, procedure_id),
    CHECK ((origin = 'TEMPLATE') = (template_id IS NOT NULL))
);
SELECT kyodo_make_tenant_table('procedure_entry', '${app_role}');
ALTER TABLE procedure_entry FORCE ROW LEVEL SECURITY;

-- Every saved text of a procedure (append-only): a change is a new version; the entry says which one is published.
CREATE TABLE procedure_version (
    tenant_id      uuid NOT NULL DEFAULT kyodo_current_tenant() REFERENCES city (id),
    id             uuid NOT NULL,
    entry_id       uuid NOT NULL,
    version        integer NOT NULL CHECK (version >= 1),
    yaml           text NOT NULL CHECK (length(yaml) BETWEEN 1 AND 200000),
    template_hash  text,
    author         text NOT NULL,
    comment        text NOT NULL DEFAULT '' CHECK (length(comment) <= 2000),
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, entry_id, version),
    FOREIGN KEY (tenant_id, entry_id) REFERENCES procedure_entry (tenant_id, id)
);
SELECT kyodo_make_tenant_table('procedure_version', '${app_role}', true);
ALTER TABLE procedure_version FORCE ROW LEVEL SECURITY;

-- One application (申請). A draft has no reception number; submitting gives it one and freezes the answers. It is
-- filed on the procedure version that was published when it was started.
CREATE TABLE application (
    tenant_id          uuid NOT NULL DEFAULT kyodo_current_tenant() REFERENCES city (id),
    id                 uuid NOT NULL,
    procedure_version_id uuid NOT NULL,
    procedure_id       text NOT NULL,
    procedure_name     text NOT NULL,
    applicant          text NOT NULL,
    subject_member_id  uuid,  -- the household member acted for (no foreign key: the member may leave the household)
    subject_name       text,
    status             text NOT NULL CHECK (status IN ('DRAFT', 'SUBMITTED', 'IN_REVIEW', 'INFO_REQUESTED', 'APPROVED',
                                                       'REJECTED', 'WITHDRAWN')),
    reception_number   text,
    answers            jsonb NOT NULL DEFAULT '{}',
    sources            jsonb NOT NULL DEFAULT '{}',
    step_index         integer NOT NULL DEFAULT 0 CHECK (step_index >= 0),
    step_since         timestamptz,
    step_due_at        timestamptz,
    step_overdue_at    timestamptz,
    first_check_by     text,
    assignee           text,
    idempotency_key    text CHECK (length(idempotency_key) BETWEEN 1 AND 200),
    decision_reason    text,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    submitted_at       timestamptz,
    decided_at         timestamptz,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, reception_number),
    UNIQUE (tenant_id, applicant, idempotency_key),
    FOREIGN KEY (tenant_id, procedure_version_id) REFERENCES procedure_version (tenant_id, id),
    CHECK ((status = 'DRAFT') = (reception_number IS NULL))
);
CREATE INDEX application_mine ON application (tenant_id, applicant, created_at DESC);
CREATE INDEX application_queue ON application (tenant_id, procedure_id, status, step_index, submitted_at);
SELECT kyodo_make_tenant_table('application', '${app_role}');
ALTER TABLE application FORCE ROW LEVEL SECURITY;

-- The timeline of an application (append-only): submitted, taken, information requested and answered, step
-- approvals, decision, withdrawal, response-target breaches.
CREATE TABLE application_event (
    tenant_id          uuid NOT NULL DEFAULT kyodo_current_tenant() REFERENCES city (id),
    id                 uuid NOT NULL,
    application_id     uuid NOT NULL,
    kind               text NOT NULL CHECK (kind IN ('SUBMITTED', 'TAKEN', 'INFO_REQUESTED', 'INFO_PROVIDED',
                                                     'STEP_CHECKED', 'STEP_APPROVED', 'APPROVED', 'REJECTED',
                                                     'WITHDRAWN', 'OVERDUE', 'NOTE')),
    actor              text NOT NULL,
    visible_to_citizen boolean NOT NULL,
    body               text NOT NULL DEFAULT '' CHECK (length(body) <= 8000),
    detail             jsonb NOT NULL DEFAULT '{}',
    created_at         timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, application_id) REFERENCES application (tenant_id, id)
);
CREATE INDEX application_event_of ON application_event (tenant_id, application_id, created_at);
SELECT kyodo_make_tenant_table('application_event', '${app_role}', true);
ALTER TABLE application_event FORCE ROW LEVEL SECURITY;

-- Files of an application (append-only): the citizen's documents (for a requirement of the procedure), staff files,
-- and the result notice PDF (NOTICE). Written in the transaction of what they belong to.
CREATE TABLE application_file (
    tenant_id      uuid NOT NULL DEFAULT kyodo_current_tenant() REFERENCES city (id),
    id             uuid NOT NULL,
    application_id uuid NOT NULL,
    requirement_id text,
    file_name      text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
    content_type   text NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png', 'text/plain')),
    size_bytes     integer NOT NULL CHECK (size_bytes > 0),
    sha256         text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    content        bytea NOT NULL CHECK (octet_length(content) = size_bytes),
    uploader_kind  text NOT NULL CHECK (uploader_kind IN ('CITIZEN', 'STAFF', 'NOTICE')),
    uploaded_by    text NOT NULL,
    uploaded_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, application_id) REFERENCES application (tenant_id, id)
);
CREATE INDEX application_file_of ON application_file (tenant_id, application_id, uploaded_at);
SELECT kyodo_make_tenant_table('application_file', '${app_role}', true);
ALTER TABLE application_file FORCE ROW LEVEL SECURITY;
