-- kyodo_make_tenant_table (tenant-core V2) already enabled and forced row-level security on the integration tables of
-- V400 through dynamic SQL. Repeated in plain SQL, as tenant-core V3 does for the first tables, so that a reader (and
-- the static check in the before-stop hook) sees FORCE next to every tenant table. It changes nothing.
ALTER TABLE integration_received_message FORCE ROW LEVEL SECURITY;
ALTER TABLE integration_dead_letter FORCE ROW LEVEL SECURITY;
ALTER TABLE integration_connector FORCE ROW LEVEL SECURITY;
