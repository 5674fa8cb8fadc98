-- The 基本4情報 (name, address, date of birth, gender) of a citizen as their My Number card gave them at a sign-in
-- through the デジタル認証アプリ (brokered by Keycloak, the ID token's signature checked there), with the assurance level
-- Kyodo gives that sign-in. One row per person and city, kept by the person's immutable Keycloak subject id and
-- replaced at each card sign-in in this city; written only by Kyodo from the verified token, never from a form, so the
-- person cannot change it (their profile's name and date of birth follow it while it exists). Each recording is also
-- in the audit log.
CREATE TABLE citizen_verified_identity (
    tenant_id         uuid NOT NULL DEFAULT kyodo_current_tenant() REFERENCES city (id),
    id                uuid NOT NULL,
    citizen_subject   text NOT NULL CHECK (length(citizen_subject) BETWEEN 1 AND 255),
    full_name         text NOT NULL CHECK (length(full_name) BETWEEN 1 AND 100),
    address           text NOT NULL CHECK (length(address) <= 500),
    birth_date        date,
    gender            text NOT NULL CHECK (length(gender) <= 16),
    assurance_level   text NOT NULL CHECK (assurance_level IN ('card-verified')),
    acr               text CHECK (length(acr) <= 64),
    identity_provider text NOT NULL CHECK (length(identity_provider) BETWEEN 1 AND 64),
    verified_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, citizen_subject)
);
SELECT kyodo_make_tenant_table('citizen_verified_identity', '${app_role}');
ALTER TABLE citizen_verified_identity FORCE ROW LEVEL SECURITY; -- already forced by the function; stated for readers
