-- The vendor console's background jobs (docs/pages.md, "Vendor console"): onboarding many cities from a CSV of
-- codes, and one city's export or import. Platform tables (no tenant_id, like city): only the vendor's pages and the
-- job runner read them.
--
-- A job is CHECKED (the vendor sees the per-row check, nothing created yet), then QUEUED when confirmed; a server
-- claims it for lease_until (a conditional UPDATE on the database clock, so two servers never run the same job at
-- once) and renews the lease after every row; a server that dies lets the lease run out and another resumes with
-- the rows not yet done. DONE when every row is finished (each DONE or FAILED), FAILED for an export/import that
-- failed as a whole.
CREATE TABLE vendor_job (
    id                 uuid PRIMARY KEY,
    kind               text NOT NULL CHECK (kind IN ('ONBOARD', 'EXPORT', 'IMPORT')),
    city_code          char(6),
    status             text NOT NULL CHECK (status IN ('CHECKED', 'QUEUED', 'RUNNING', 'DONE', 'FAILED', 'CANCELLED')),
    created_by         text NOT NULL,
    created_by_subject text,
    created_at         timestamptz NOT NULL DEFAULT now(),
    confirmed_at       timestamptz,
    finished_at        timestamptz,
    lease_until        timestamptz,
    attempts           integer NOT NULL DEFAULT 0,
    file_name          text,
    encoding           text,
    -- an import's uploaded document, or an export's result until it is downloaded or expires (personal data: kept
    -- only as long as the job needs it, see VendorJobs.EXPORT_KEPT_HOURS)
    payload            bytea,
    error_code         text,
    error_detail       text,
    result             jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX vendor_job_runnable ON vendor_job (status, lease_until) WHERE status IN ('QUEUED', 'RUNNING');

-- One row of an onboarding CSV: what the file said, what the check found, what the run did.
CREATE TABLE vendor_job_row (
    job_id          uuid NOT NULL REFERENCES vendor_job (id) ON DELETE CASCADE,
    line_no         integer NOT NULL,
    code            text NOT NULL,
    admin_email     text NOT NULL,
    admin_username  text NOT NULL,
    -- VALID / INVALID after the check; PENDING when confirmed; RUNNING while being created; DONE / FAILED / SKIPPED
    state           text NOT NULL CHECK (state IN ('VALID', 'INVALID', 'PENDING', 'RUNNING', 'DONE', 'FAILED', 'SKIPPED')),
    -- the check's or the run's reason, as a message key of the vendor pages and its values (never a sentence)
    reason          text,
    reason_values   jsonb NOT NULL DEFAULT '[]'::jsonb,
    finished_at     timestamptz,
    -- the first administrator's temporary password, AES-GCM sealed with kyodo.secrets.key (SecretBox), shown to the
    -- vendor on the job's page until erased there (or 24 hours after the job finished)
    admin_password  bytea,
    PRIMARY KEY (job_id, line_no)
);

GRANT SELECT, INSERT, UPDATE, DELETE ON vendor_job TO ${app_role};
GRANT SELECT, INSERT, UPDATE, DELETE ON vendor_job_row TO ${app_role};
