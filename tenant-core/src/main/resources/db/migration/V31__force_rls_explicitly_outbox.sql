-- Version 31, after V30 that creates the table: Flyway runs all modules' scripts in version order.
-- kyodo_make_tenant_table (V2) already enabled and forced row-level security on the platform outbox (V30) through
-- dynamic SQL. Repeated in plain SQL, as V3 does for the first tables, so that a reader (and the static check in the
-- before-stop hook) sees FORCE next to every tenant table. It changes nothing.
ALTER TABLE outbox_message FORCE ROW LEVEL SECURITY;
