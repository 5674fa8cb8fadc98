-- Replies to people who contacted the city without a citizen account (phone, e-mail, counter) but left an e-mail
-- address: each reply e-mail carries a link /c/<code>/inquiries/reply/<token> to read the case's thread and answer
-- back. Only the SHA-256 of the token is stored. Links expire 30 days after the case is closed.
CREATE TABLE case_contact_link (
    tenant_id   uuid NOT NULL DEFAULT kyodo_current_tenant() REFERENCES city (id),
    id          uuid NOT NULL,
    case_id     uuid NOT NULL,
    token_hash  text NOT NULL CHECK (token_hash ~ '^[A-Za-z0-9_-]{43}$'),
    created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    expires_at  timestamptz,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, token_hash),
    FOREIGN KEY (tenant_id, case_id) REFERENCES inquiry_case (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX case_contact_link_case ON case_contact_link (tenant_id, case_id);
SELECT kyodo_make_tenant_table('case_contact_link', '${app_role}');
ALTER TABLE case_contact_link FORCE ROW LEVEL SECURITY;
