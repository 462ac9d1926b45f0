#!/usr/bin/env bash
# Lotse's database roles. infra/docker-compose.yml mounts this folder at
# /docker-entrypoint-initdb.d; the postgres image runs the script once, when the data volume is
# new, as the superuser POSTGRES_USER against the database POSTGRES_DB (lotse).
#
#   lotse         owns the database lotse and Lotse's tables (schema public): `setup` (migrations).
#   lotse_app     the api and the worker: data changes on Lotse's tables, but on audit_entry only
#                 SELECT and INSERT (granted by `migrate` after every run, as lotse; the apps refuse
#                 to start in production when their role could rewrite the audit).
#   lotse_engine  owns the schema engine, where the process engine (Operaton) creates its tables
#                 and lotse_task_event. It has no rights on Lotse's tables: the engine and its
#                 web apps (Cockpit) cannot read the personal data Lotse keeps.
#   lotse and lotse_app may use the schema engine and select, update and delete in the tables lotse_engine
#   creates there: Lotse's worker consumes engine.lotse_task_event with
#   `select … for update skip locked` (which needs UPDATE besides SELECT) and `delete`
#   (libs/task). The engine creates its tables at its first start, after this script, so the
#   grant is a default privilege for tables lotse_engine creates in that schema. It covers the
#   engine's own ACT_* tables too; Lotse reaches no more there than its service account at the
#   REST API already can.
#
# Passwords: LOTSE_DATABASE_PASSWORD and ENGINE_DATABASE_PASSWORD from the container's
# environment; changing them later takes running this script again (it is idempotent).
# A data volume made before this script existed (then the superuser was lotse):
#   docker compose -f infra/docker-compose.yml exec -e POSTGRES_USER=lotse postgres \
#     bash /docker-entrypoint-initdb.d/10-lotse-roles.sh
# Sourced or executed by the image's entrypoint alike: no `exit`, no `set -u`.
set -e

: "${LOTSE_DATABASE_PASSWORD:?LOTSE_DATABASE_PASSWORD is not set}"
: "${ENGINE_DATABASE_PASSWORD:?ENGINE_DATABASE_PASSWORD is not set}"
: "${LOTSE_APP_DATABASE_PASSWORD:?LOTSE_APP_DATABASE_PASSWORD is not set}"

psql -v ON_ERROR_STOP=1 --no-psqlrc --username "${POSTGRES_USER:-postgres}" \
  --dbname "${POSTGRES_DB:-lotse}" \
  -v db="${POSTGRES_DB:-lotse}" \
  -v lotse_password="$LOTSE_DATABASE_PASSWORD" \
  -v engine_password="$ENGINE_DATABASE_PASSWORD" \
  -v app_password="$LOTSE_APP_DATABASE_PASSWORD" <<'EOSQL'
SELECT format('CREATE ROLE lotse LOGIN PASSWORD %L', :'lotse_password')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'lotse')
\gexec
SELECT format('CREATE ROLE lotse_engine LOGIN PASSWORD %L', :'engine_password')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'lotse_engine')
\gexec
SELECT format('CREATE ROLE lotse_app LOGIN PASSWORD %L', :'app_password')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'lotse_app')
\gexec
ALTER ROLE lotse WITH LOGIN PASSWORD :'lotse_password';
ALTER ROLE lotse_app WITH LOGIN PASSWORD :'app_password';
ALTER ROLE lotse_engine WITH LOGIN PASSWORD :'engine_password';

-- Lotse's database; its schema public belongs to the database owner (PostgreSQL 15+).
ALTER DATABASE :"db" OWNER TO lotse;

-- The engine's schema (ENGINE_DB_SCHEMA, currentSchema in the engine's JDBC URL).
CREATE SCHEMA IF NOT EXISTS engine AUTHORIZATION lotse_engine;
ALTER SCHEMA engine OWNER TO lotse_engine;
GRANT USAGE ON SCHEMA engine TO lotse, lotse_app;
ALTER DEFAULT PRIVILEGES FOR ROLE lotse_engine IN SCHEMA engine
  GRANT SELECT, UPDATE, DELETE ON TABLES TO lotse, lotse_app;
-- tables that exist already (when the script runs again)
GRANT SELECT, UPDATE, DELETE ON ALL TABLES IN SCHEMA engine TO lotse, lotse_app;
EOSQL
