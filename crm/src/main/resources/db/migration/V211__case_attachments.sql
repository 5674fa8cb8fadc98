-- Files attached to a message of a case (添付ファイル): a citizen's inquiry or answer, or a staff reply. The row is
-- written in the same transaction as the message it belongs to, so a message whose file was refused is not saved.
-- The bytes live here (bytea; at most a few MB per file, see AttachmentRules). Append-only for the application.
CREATE TABLE case_attachment (
    tenant_id     uuid NOT NULL DEFAULT kyodo_current_tenant() REFERENCES city (id),
    id            uuid NOT NULL,
    case_id       uuid NOT NULL,
    event_id      uuid NOT NULL,
    file_name     text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
    content_type  text NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png', 'text/plain')),
    size_bytes    integer NOT NULL CHECK (size_bytes > 0),
    sha256        text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    content       bytea NOT NULL CHECK (octet_length(content) = size_bytes),
    uploader_kind text NOT NULL CHECK (uploader_kind IN ('CITIZEN', 'STAFF')),
    uploaded_by   text NOT NULL,
    uploaded_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, case_id) REFERENCES inquiry_case (tenant_id, id),
    FOREIGN KEY (tenant_id, event_id) REFERENCES case_event (tenant_id, id)
);
CREATE INDEX case_attachment_case ON case_attachment (tenant_id, case_id, uploaded_at);
SELECT kyodo_make_tenant_table('case_attachment', '${app_role}', true);
ALTER TABLE case_attachment FORCE ROW LEVEL SECURITY;
