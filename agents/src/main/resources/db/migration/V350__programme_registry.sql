-- The programme registry of each city (制度レジストリ): which shipped templates the city offers, its own and derived
-- programmes, and every version of each (who, when, comment). Both are tenant tables: the database fills tenant_id
-- from the transaction's bound city.

-- One programme of the city. A TEMPLATE entry follows a template shipped with Kyodo (national or the city's
-- prefecture's) and pins the template text it adopted; an OWN entry is created by the city (possibly derived from a
-- template through parentId in its YAML).
CREATE TABLE programme_entry (
    tenant_id          uuid NOT NULL DEFAULT kyodo_current_tenant() REFERENCES city (id),
    id                 uuid NOT NULL,
    programme_id       text NOT NULL CHECK (programme_id ~ '^[A-Za-z0-9-]{1,40}$'),
    origin             text NOT NULL CHECK (origin IN ('TEMPLATE', 'OWN')),
    template_id        text,
    hidden             boolean NOT NULL DEFAULT false,
    latest_version     integer NOT NULL DEFAULT 0 CHECK (latest_version >= 0),
    published_version  integer CHECK (published_version >= 1 AND published_version <= latest_version),
    published_at       timestamptz,
    changed_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, programme_id),
    CHECK ((origin = 'TEMPLATE') = (template_id IS NOT NULL))
);
SELECT kyodo_make_tenant_table('programme_entry', '${app_role}');
ALTER TABLE programme_entry FORCE ROW LEVEL SECURITY; -- already forced by the function; stated for readers

-- Every saved text of a programme (append-only: a change is a new version). The status of a version follows from
-- the entry: the published one, drafts after it, superseded ones before it.
CREATE TABLE programme_version (
    tenant_id      uuid NOT NULL DEFAULT kyodo_current_tenant() REFERENCES city (id),
    id             uuid NOT NULL,
    entry_id       uuid NOT NULL,
    version        integer NOT NULL CHECK (version >= 1),
    yaml           text NOT NULL CHECK (length(yaml) BETWEEN 1 AND 200000),
    template_hash  text,
    template_yaml  text,
    author         text NOT NULL,
    comment        text NOT NULL DEFAULT '' CHECK (length(comment) <= 2000),
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, entry_id, version),
    FOREIGN KEY (tenant_id, entry_id) REFERENCES programme_entry (tenant_id, id)
);
SELECT kyodo_make_tenant_table('programme_version', '${app_role}', true);
ALTER TABLE programme_version FORCE ROW LEVEL SECURITY; -- already forced by the function; stated for readers
