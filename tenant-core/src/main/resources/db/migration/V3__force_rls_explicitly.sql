-- kyodo_make_tenant_table (V2) already enabled and forced row-level security on these tables through
-- dynamic SQL. The statements are repeated here in plain SQL so that a reader (and the static check
-- in the before-stop hook) sees FORCE next to every tenant table. They change nothing.
ALTER TABLE city_settings FORCE ROW LEVEL SECURITY;
ALTER TABLE audit_event FORCE ROW LEVEL SECURITY;
ALTER TABLE city_member FORCE ROW LEVEL SECURITY;
ALTER TABLE notice FORCE ROW LEVEL SECURITY;
