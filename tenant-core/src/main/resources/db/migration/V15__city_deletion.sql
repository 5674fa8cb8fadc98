-- Deleting a city (docs/tenancy.md, "City lifecycle"): four eyes, then a purge that resumes until done.
--
-- 1. A vendor asks for the deletion (deletion_requested_by/at); the city keeps running and its own audit
--    trail shows the request. A second, different vendor account approves it, or either cancels it.
-- 2. The approval moves the city to DELETING: from then on nothing of the city is served, and the purge
--    (accounts that belong to no other city, the Keycloak organization, every tenant row, the knowledge
--    index directory) runs and is retried until every step succeeded; then the city is DELETED.
-- 3. A city created again with the same code gets a new row and a new id (the old row is removed once
--    its purge finished), so nothing keyed by the old id can come back.

ALTER TABLE city DROP CONSTRAINT city_status_check;
ALTER TABLE city ADD CONSTRAINT city_status_check
    CHECK (status IN ('PROVISIONING', 'ACTIVE', 'SUSPENDED', 'DELETING', 'DELETED'));

ALTER TABLE city ADD COLUMN deletion_requested_by text;
ALTER TABLE city ADD COLUMN deletion_requested_at timestamptz;
ALTER TABLE city ADD COLUMN deletion_approved_by text;
-- the purge's progress: attempts so far, the last failure (no personal data: an error class and message),
-- and a lease so that two servers never purge the same city at once (claimed with a conditional update)
ALTER TABLE city ADD COLUMN purge_attempts integer NOT NULL DEFAULT 0;
ALTER TABLE city ADD COLUMN purge_error text;
ALTER TABLE city ADD COLUMN purge_lease_until timestamptz;

-- The purge now also runs for a city in DELETING (the state it is in until the purge finished); it stays
-- idempotent: run twice, the second run finds nothing to delete.
CREATE OR REPLACE FUNCTION kyodo_purge_city(target_city uuid) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = ${flyway:defaultSchema}, pg_temp AS $$
DECLARE
    t record;
    n integer := 0;
    deleted_rows integer;
    caller text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM city WHERE city.id = target_city AND city.status IN ('DELETING', 'DELETED')) THEN
        RAISE EXCEPTION 'city % is not marked DELETING', target_city;
    END IF;
    caller := coalesce(current_setting('app.tenant_id', true), '');
    PERFORM set_config('app.tenant_id', target_city::text, true);
    FOR t IN SELECT * FROM kyodo_tenant_tables() ORDER BY depth DESC LOOP
        EXECUTE format('DELETE FROM %I WHERE tenant_id = $1', t.table_name) USING target_city;
        GET DIAGNOSTICS deleted_rows = ROW_COUNT;
        n := n + deleted_rows;
    END LOOP;
    PERFORM set_config('app.tenant_id', caller, true);
    RETURN n;
END $$;
REVOKE ALL ON FUNCTION kyodo_purge_city(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION kyodo_purge_city(uuid) TO ${app_role};
