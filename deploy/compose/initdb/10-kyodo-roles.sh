#!/bin/bash
# Creates Kyodo's PostgreSQL roles and databases. Runs once, as the superuser, on an empty data
# directory (the postgres image runs /docker-entrypoint-initdb.d/*.sh). The same roles as devstack
# creates (deploy/devstack/README.md):
#   kyodo_owner  LOGIN, owns database kyodo; the migrations run as it and create every object.
#   kyodo_app    LOGIN, NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE, only CONNECT on kyodo;
#                the migrations grant it the rest. It must never own anything (row-level security).
#   keycloak     LOGIN, owns database keycloak.
# Passwords come from the environment only.
set -euo pipefail

: "${KYODO_DB_OWNER_PASSWORD:?KYODO_DB_OWNER_PASSWORD is not set}"
: "${KYODO_DB_APP_PASSWORD:?KYODO_DB_APP_PASSWORD is not set}"
: "${KEYCLOAK_DB_PASSWORD:?KEYCLOAK_DB_PASSWORD is not set}"

psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname postgres \
  -v db="${KYODO_DB_NAME:-kyodo}" \
  -v owner_user="${KYODO_DB_OWNER_USER:-kyodo_owner}" -v owner_pw="$KYODO_DB_OWNER_PASSWORD" \
  -v app_user="${KYODO_DB_APP_USER:-kyodo_app}" -v app_pw="$KYODO_DB_APP_PASSWORD" \
  -v kc_pw="$KEYCLOAK_DB_PASSWORD" <<'SQL'
CREATE ROLE :"owner_user" WITH LOGIN PASSWORD :'owner_pw' NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
CREATE ROLE :"app_user" WITH LOGIN PASSWORD :'app_pw' NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION;
CREATE DATABASE :"db" OWNER :"owner_user" ENCODING 'UTF8' TEMPLATE template0;
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"db" TO :"app_user";

CREATE ROLE keycloak WITH LOGIN PASSWORD :'kc_pw' NOSUPERUSER NOCREATEDB NOCREATEROLE;
CREATE DATABASE keycloak OWNER keycloak ENCODING 'UTF8' TEMPLATE template0;
REVOKE ALL ON DATABASE keycloak FROM PUBLIC;
SQL
echo "[kyodo] roles and databases created"
