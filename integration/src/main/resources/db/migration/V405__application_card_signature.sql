-- In the integration module (400s) because it alters crm's application table (V260): a crm number below 260 would
-- run before the table exists on a fresh database.
-- The My Number card signature of an application (署名用電子証明書, through the デジタル認証アプリ): while it is being
-- signed, the sign transaction and the one-time values of the authorization (state, PKCE verifier, nonce) and the
-- digest of exactly what is signed; once verified, the signature, the certificate and who signed. Columns of the
-- application row, so RLS and the (tenant_id, id) key of the table cover them.
ALTER TABLE application
    ADD COLUMN sign_transaction_id   text,
    ADD COLUMN sign_state            text,
    ADD COLUMN sign_verifier         text,
    ADD COLUMN sign_nonce            text,
    ADD COLUMN sign_digest           text CHECK (sign_digest IS NULL OR sign_digest ~ '^[0-9a-f]{64}$'),
    ADD COLUMN sign_started_at       timestamptz,
    ADD COLUMN signature             bytea,
    ADD COLUMN signature_certificate bytea,
    ADD COLUMN signed_digest         text CHECK (signed_digest IS NULL OR signed_digest ~ '^[0-9a-f]{64}$'),
    ADD COLUMN signer_name           text,
    ADD COLUMN signed_at             timestamptz,
    ADD CONSTRAINT application_signature_whole CHECK ((signature IS NULL) = (signature_certificate IS NULL)
        AND (signature IS NULL) = (signed_digest IS NULL) AND (signature IS NULL) = (signed_at IS NULL));
CREATE UNIQUE INDEX application_sign_state ON application (tenant_id, sign_state) WHERE sign_state IS NOT NULL;
