-- The city's knowledge base (ナレッジベース) in PostgreSQL: FAQ entries and documents with their editorial state,
-- every change kept as a version, the city's synonyms, its LLM connection and the concierge's conversations.
-- All are tenant tables: the database fills tenant_id from the transaction's bound city.

-- One FAQ entry or document of the city. "content" is the working copy (what the editor saved last), "published"
-- the copy citizens are answered from (null until first published, and after it was withdrawn or hidden).
-- An entry adopted from a national template remembers the template's id and the template text it was based on.
CREATE TABLE knowledge_entry (
    tenant_id          uuid NOT NULL DEFAULT kyodo_current_tenant() REFERENCES city (id),
    id                 text NOT NULL CHECK (id ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$'),
    kind               text NOT NULL CHECK (kind IN ('FAQ', 'DOCUMENT')),
    title              text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
    category           text,
    status             text NOT NULL CHECK (status IN ('DRAFT', 'PUBLISHED', 'HIDDEN')),
    content            jsonb NOT NULL,
    published          jsonb,
    version            integer NOT NULL CHECK (version >= 1),
    template_id        text,
    template_base      jsonb,
    updated_at         timestamptz NOT NULL DEFAULT now(),
    updated_by         text NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX knowledge_entry_status ON knowledge_entry (tenant_id, status, kind);
SELECT kyodo_make_tenant_table('knowledge_entry', '${app_role}');
ALTER TABLE knowledge_entry FORCE ROW LEVEL SECURITY; -- already forced by the function; stated for readers

-- Every change of an entry (版): who, when, what was done and the entry as it was afterwards. Append-only.
CREATE TABLE knowledge_entry_version (
    tenant_id          uuid NOT NULL DEFAULT kyodo_current_tenant() REFERENCES city (id),
    id                 uuid NOT NULL,
    entry_id           text NOT NULL,
    version            integer NOT NULL CHECK (version >= 1),
    action             text NOT NULL CHECK (action IN ('CREATE', 'EDIT', 'PUBLISH', 'UNPUBLISH', 'HIDE', 'ADOPT',
                                                      'TEMPLATE_UPDATE', 'IMPORT', 'SEED', 'DELETE')),
    status             text NOT NULL,
    content            jsonb NOT NULL,
    changed_by         text NOT NULL,
    changed_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, entry_id, version)
);
SELECT kyodo_make_tenant_table('knowledge_entry_version', '${app_role}', true);
ALTER TABLE knowledge_entry_version FORCE ROW LEVEL SECURITY;

-- The city's synonym groups (同義語), e.g. ["粗大ごみ","大型ごみ"]; used at once for citizens' searches.
CREATE TABLE knowledge_synonym (
    tenant_id          uuid NOT NULL DEFAULT kyodo_current_tenant() REFERENCES city (id),
    id                 uuid NOT NULL,
    terms              jsonb NOT NULL CHECK (jsonb_typeof(terms) = 'array' AND jsonb_array_length(terms) >= 2),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    updated_by         text NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
SELECT kyodo_make_tenant_table('knowledge_synonym', '${app_role}');
ALTER TABLE knowledge_synonym FORCE ROW LEVEL SECURITY;

-- The city's generative model connection. One row per city (id = 'default'). The API key is AES-GCM encrypted
-- (nonce || ciphertext || tag) with the platform's secrets key; it is never returned or logged.
CREATE TABLE llm_settings (
    tenant_id          uuid NOT NULL DEFAULT kyodo_current_tenant() REFERENCES city (id),
    id                 text NOT NULL DEFAULT 'default' CHECK (id = 'default'),
    provider           text NOT NULL DEFAULT 'none' CHECK (provider IN ('none', 'openai-compatible')),
    base_url           text,
    model              text,
    api_key_encrypted  bytea,
    timeout_ms         integer NOT NULL DEFAULT 8000 CHECK (timeout_ms BETWEEN 500 AND 60000),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    updated_by         text NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
SELECT kyodo_make_tenant_table('llm_settings', '${app_role}');
ALTER TABLE llm_settings FORCE ROW LEVEL SECURITY;

-- A conversation of one citizen (user name) or one anonymous browser session (a random cookie value, kept hashed)
-- with the concierge, and its messages.
CREATE TABLE concierge_conversation (
    tenant_id          uuid NOT NULL DEFAULT kyodo_current_tenant() REFERENCES city (id),
    id                 uuid NOT NULL,
    owner              text NOT NULL,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX concierge_conversation_owner ON concierge_conversation (tenant_id, owner, updated_at DESC);
SELECT kyodo_make_tenant_table('concierge_conversation', '${app_role}');
ALTER TABLE concierge_conversation FORCE ROW LEVEL SECURITY;

CREATE TABLE concierge_message (
    tenant_id          uuid NOT NULL DEFAULT kyodo_current_tenant() REFERENCES city (id),
    id                 uuid NOT NULL,
    conversation_id    uuid NOT NULL,
    seq                integer NOT NULL,
    role               text NOT NULL CHECK (role IN ('citizen', 'concierge')),
    text               text NOT NULL,
    outcome            text,
    sources            jsonb NOT NULL DEFAULT '[]'::jsonb,
    reception_number   text,
    created_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, conversation_id, seq),
    FOREIGN KEY (tenant_id, conversation_id) REFERENCES concierge_conversation (tenant_id, id) ON DELETE CASCADE
);
SELECT kyodo_make_tenant_table('concierge_message', '${app_role}');
ALTER TABLE concierge_message FORCE ROW LEVEL SECURITY;

-- Model tokens per day next to the question counters.
ALTER TABLE concierge_usage ADD COLUMN tokens_in bigint NOT NULL DEFAULT 0 CHECK (tokens_in >= 0);
ALTER TABLE concierge_usage ADD COLUMN tokens_out bigint NOT NULL DEFAULT 0 CHECK (tokens_out >= 0);
