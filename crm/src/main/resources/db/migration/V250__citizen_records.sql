-- The citizen record (住民の登録情報) of the CRM: one profile per signed-in citizen of a city, the
-- household members (世帯員) the citizen declares, and the history of consents (同意). All three are
-- tenant tables: the database fills tenant_id from the transaction's bound city.

-- A citizen's own profile, keyed by the Keycloak user name within the city.
CREATE TABLE citizen_profile (
    tenant_id              uuid NOT NULL DEFAULT kyodo_current_tenant() REFERENCES city (id),
    id                     uuid NOT NULL,
    username               text NOT NULL CHECK (length(username) BETWEEN 1 AND 255),
    full_name              text NOT NULL CHECK (length(full_name) BETWEEN 1 AND 100),
    full_name_kana         text NOT NULL CHECK (length(full_name_kana) BETWEEN 1 AND 100),
    birth_date             date,
    postal_code            text CHECK (postal_code ~ '^[0-9]{3}-[0-9]{4}$'),
    prefecture             text,
    municipality           text,
    street                 text,
    phone                  text,
    email                  text,
    language               text NOT NULL DEFAULT 'ja',
    email_notifications    boolean NOT NULL DEFAULT false,
    physical_handbook      integer CHECK (physical_handbook BETWEEN 1 AND 7),
    ryoiku_handbook        text CHECK (ryoiku_handbook IN ('A', 'B')),
    mental_handbook        integer CHECK (mental_handbook BETWEEN 1 AND 3),
    school_year            integer CHECK (school_year BETWEEN 1 AND 16),
    single_parent          boolean NOT NULL DEFAULT false,
    income_after_deductions bigint CHECK (income_after_deductions >= 0),
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, username)
);
SELECT kyodo_make_tenant_table('citizen_profile', '${app_role}');
ALTER TABLE citizen_profile FORCE ROW LEVEL SECURITY; -- already forced by the function; stated for readers

-- The other members of the citizen's household; the foreign key includes tenant_id, so it cannot
-- point at another city's profile.
CREATE TABLE household_member (
    tenant_id         uuid NOT NULL DEFAULT kyodo_current_tenant() REFERENCES city (id),
    id                uuid NOT NULL,
    profile_id        uuid NOT NULL,
    full_name         text NOT NULL CHECK (length(full_name) BETWEEN 1 AND 100),
    full_name_kana    text NOT NULL CHECK (length(full_name_kana) BETWEEN 1 AND 100),
    relationship      text NOT NULL CHECK (relationship IN ('spouse', 'child', 'parent', 'grandparent', 'other')),
    birth_date        date,
    acts_for          boolean NOT NULL DEFAULT false,
    physical_handbook integer CHECK (physical_handbook BETWEEN 1 AND 7),
    ryoiku_handbook   text CHECK (ryoiku_handbook IN ('A', 'B')),
    mental_handbook   integer CHECK (mental_handbook BETWEEN 1 AND 3),
    school_year       integer CHECK (school_year BETWEEN 1 AND 16),
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, profile_id) REFERENCES citizen_profile (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX household_member_profile ON household_member (tenant_id, profile_id, created_at);
SELECT kyodo_make_tenant_table('household_member', '${app_role}');
ALTER TABLE household_member FORCE ROW LEVEL SECURITY; -- already forced by the function; stated for readers

-- Every consent given or withdrawn, never changed afterwards (append-only: the app role may only
-- SELECT and INSERT). The current state of a purpose is its latest row.
CREATE TABLE consent_event (
    tenant_id  uuid NOT NULL DEFAULT kyodo_current_tenant() REFERENCES city (id),
    id         uuid NOT NULL,
    username   text NOT NULL,
    purpose    text NOT NULL CHECK (length(purpose) BETWEEN 1 AND 64),
    version    text NOT NULL CHECK (length(version) BETWEEN 1 AND 32),
    given      boolean NOT NULL,
    at         timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor      text NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX consent_event_user ON consent_event (tenant_id, username, purpose, at DESC);
SELECT kyodo_make_tenant_table('consent_event', '${app_role}', true);
ALTER TABLE consent_event FORCE ROW LEVEL SECURITY; -- already forced by the function; stated for readers
