-- Personal data belongs to a person's immutable Keycloak subject id (the token's sub), never to the user name: a user
-- name is freed when an account is closed, and a new account may take it (issue 10, item 12). Each personal row gets
-- the subject of its owner; the user name stays on the row as text for people to read (staff views, audit), and is
-- never used to find a person's rows.
ALTER TABLE citizen_profile ADD COLUMN citizen_subject text CHECK (length(citizen_subject) BETWEEN 1 AND 255);
ALTER TABLE consent_event ADD COLUMN citizen_subject text CHECK (length(citizen_subject) BETWEEN 1 AND 255);
ALTER TABLE inquiry_case ADD COLUMN citizen_subject text CHECK (length(citizen_subject) BETWEEN 1 AND 255);
ALTER TABLE inbox_message ADD COLUMN citizen_subject text CHECK (length(citizen_subject) BETWEEN 1 AND 255);
ALTER TABLE application ADD COLUMN applicant_subject text CHECK (length(applicant_subject) BETWEEN 1 AND 255);

-- Existing rows: the subject of the city's current member with that user name, but only for rows made after that
-- member's account was opened. A row older than the account belongs to an earlier holder of the name; it keeps no
-- subject, so nobody finds it as their own (staff still see it with the name it was made under).
SELECT kyodo_each_city($$
    UPDATE citizen_profile p SET citizen_subject = m.keycloak_user_id FROM city_member m
     WHERE m.username = p.username AND p.created_at >= m.created_at AND p.citizen_subject IS NULL $$);
SELECT kyodo_each_city($$
    UPDATE consent_event e SET citizen_subject = m.keycloak_user_id FROM city_member m
     WHERE m.username = e.username AND e.at >= m.created_at AND e.citizen_subject IS NULL $$);
SELECT kyodo_each_city($$
    UPDATE inquiry_case c SET citizen_subject = m.keycloak_user_id FROM city_member m
     WHERE m.username = c.citizen_username AND c.created_at >= m.created_at AND c.citizen_subject IS NULL $$);
SELECT kyodo_each_city($$
    UPDATE inbox_message i SET citizen_subject = m.keycloak_user_id FROM city_member m
     WHERE m.username = i.username AND i.created_at >= m.created_at AND i.citizen_subject IS NULL $$);
SELECT kyodo_each_city($$
    UPDATE application a SET applicant_subject = m.keycloak_user_id FROM city_member m
     WHERE m.username = a.applicant AND a.created_at >= m.created_at AND a.applicant_subject IS NULL $$);

-- The keys: one profile per subject (a new holder of a name registers their own), one idempotency key per applicant
-- subject; the lookups of "mine" go by subject.
ALTER TABLE citizen_profile DROP CONSTRAINT citizen_profile_tenant_id_username_key;
CREATE UNIQUE INDEX citizen_profile_subject ON citizen_profile (tenant_id, citizen_subject);
DROP INDEX consent_event_user;
CREATE INDEX consent_event_subject ON consent_event (tenant_id, citizen_subject, purpose, at DESC);
DROP INDEX inquiry_case_citizen;
CREATE INDEX inquiry_case_citizen_subject ON inquiry_case (tenant_id, citizen_subject, created_at DESC);
DROP INDEX inbox_message_user;
CREATE INDEX inbox_message_subject ON inbox_message (tenant_id, citizen_subject, created_at DESC);
ALTER TABLE application DROP CONSTRAINT application_tenant_id_applicant_idempotency_key_key;
ALTER TABLE application ADD CONSTRAINT application_subject_idempotency_key UNIQUE (tenant_id, applicant_subject, idempotency_key);
DROP INDEX application_mine;
CREATE INDEX application_mine ON application (tenant_id, applicant_subject, created_at DESC);
