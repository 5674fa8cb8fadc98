-- Page sessions in PostgreSQL (issue 15, item 1; docs/capacity.md "Several servers"): Liberty's session persistence
-- (feature sessionDatabase-1.0, <httpSessionDatabase> in kyodo-common.xml) keeps every HTTP session of the pages here,
-- so a browser's session survives a switch of server and a restart. The table has exactly the shape Liberty creates
-- for PostgreSQL (it checks the columns and then uses the table as it is); it is created here by the owner, because the
-- app role creates nothing. Global (no tenant_id): a session id is not a city's data, and the session store is read
-- before the request's city is known. What a session holds: the form token, the sign-in's user name, subject id,
-- cities, platform roles and ID token (SignedInClaims.SessionSignIn), the concierge page's last answer.
CREATE TABLE kyodo_http_session (
    id              varchar(128) NOT NULL,
    propid          varchar(128) NOT NULL,
    appname         varchar(128) NOT NULL,
    listenercnt     smallint,
    lastaccess      bigint,
    creationtime    bigint,
    maxinactivetime integer,
    username        varchar(255),
    small           bytea,
    medium          bytea,
    large           bytea
);
-- the index Liberty would create itself (it looks it up by this name in pg_indexes and then skips creating it)
CREATE UNIQUE INDEX sess_index ON kyodo_http_session (id, propid, appname);
-- Liberty's invalidation sweep reads by last access
CREATE INDEX kyodo_http_session_lastaccess ON kyodo_http_session (appname, lastaccess);
GRANT SELECT, INSERT, UPDATE, DELETE ON kyodo_http_session TO ${app_role};
