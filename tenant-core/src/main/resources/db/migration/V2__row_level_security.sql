-- Row-level security for every tenant table, and the few controlled ways across it.

-- Makes a table a tenant table: RLS enabled AND forced (the owner is subject to it too),
-- one policy for reads and writes on the transaction's city, and the application's grants.
-- Every later migration that creates a table with tenant_id calls this.
CREATE FUNCTION kyodo_make_tenant_table(tbl regclass, app_role name, append_only boolean DEFAULT false)
    RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tbl);
    EXECUTE format('CREATE POLICY tenant_isolation ON %s USING (tenant_id = kyodo_current_tenant()) '
                   'WITH CHECK (tenant_id = kyodo_current_tenant())', tbl);
    IF append_only THEN
        EXECUTE format('GRANT SELECT, INSERT ON %s TO %I', tbl, app_role);
    ELSE
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %s TO %I', tbl, app_role);
    END IF;
END $$;

SELECT kyodo_make_tenant_table('city_settings', '${app_role}');
SELECT kyodo_make_tenant_table('audit_event', '${app_role}', true);
SELECT kyodo_make_tenant_table('city_member', '${app_role}');
SELECT kyodo_make_tenant_table('notice', '${app_role}');

-- Global tables: the registry is read by the tenant filter; only the lifecycle service writes it.
-- DELETE only undoes a create that failed half way (a PROVISIONING row with no data).
GRANT SELECT, INSERT, UPDATE, DELETE ON city TO ${app_role};
GRANT SELECT, INSERT ON platform_event TO ${app_role};
GRANT USAGE ON SEQUENCE platform_event_id_seq TO ${app_role};
GRANT USAGE ON SCHEMA ${flyway:defaultSchema} TO ${app_role};

-- Deleting a city (after its export) is the one operation that may remove rows from
-- append-only tables. It runs as the owner, only for a city already marked DELETED by the
-- lifecycle service, and walks every table that has a tenant_id column, children first.
CREATE FUNCTION kyodo_purge_city(target_city uuid) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = ${flyway:defaultSchema}, pg_temp AS $$
DECLARE
    t record;
    n integer := 0;
    deleted_rows integer;
    caller text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM city WHERE city.id = target_city AND city.status = 'DELETED') THEN
        RAISE EXCEPTION 'city % is not marked DELETED', target_city;
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

-- The tenant tables in foreign-key order: depth 0 references no other tenant table.
-- Used by export (parents first), import (parents first) and purge (children first).
CREATE FUNCTION kyodo_tenant_tables() RETURNS TABLE (table_name text, depth integer)
    LANGUAGE sql STABLE AS $$
    WITH RECURSIVE tenant_tables AS (
        SELECT c.oid, c.relname::text AS table_name
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
        WHERE c.relkind IN ('r', 'p') AND n.nspname = current_schema()
    ), edges AS (
        SELECT con.conrelid AS child, con.confrelid AS parent
        FROM pg_constraint con
        WHERE con.contype = 'f' AND con.conrelid <> con.confrelid
          AND con.conrelid IN (SELECT oid FROM tenant_tables)
          AND con.confrelid IN (SELECT oid FROM tenant_tables)
    ), walk (oid, depth) AS (
        SELECT oid, 0 FROM tenant_tables
        UNION ALL
        SELECT e.child, w.depth + 1 FROM walk w JOIN edges e ON e.parent = w.oid WHERE w.depth < 50
    )
    SELECT t.table_name, max(w.depth)::integer
    FROM walk w JOIN tenant_tables t ON t.oid = w.oid
    GROUP BY t.table_name
$$;
GRANT EXECUTE ON FUNCTION kyodo_tenant_tables() TO ${app_role};
REVOKE ALL ON FUNCTION kyodo_purge_city(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION kyodo_purge_city(uuid) TO ${app_role};

-- National programme statistics (全国集計): counts per city, never a row of personal data.
-- The owner is subject to the forced policies too, so it binds each city in turn and restores
-- the caller's binding before returning.
CREATE FUNCTION kyodo_city_statistics() RETURNS TABLE (
        lg_code text, city_name text, prefecture text, status text,
        members bigint, citizens bigint, staff bigint, notices_published bigint,
        audit_events_30d bigint)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = ${flyway:defaultSchema}, pg_temp AS $$
DECLARE
    caller text := coalesce(current_setting('app.tenant_id', true), '');
    c record;
BEGIN
    FOR c IN SELECT * FROM city WHERE city.status <> 'DELETED' ORDER BY city.lg_code LOOP
        PERFORM set_config('app.tenant_id', c.id::text, true);
        lg_code := c.lg_code; city_name := c.name; prefecture := c.prefecture; status := c.status;
        SELECT count(*), count(*) FILTER (WHERE m.role = 'citizen'), count(*) FILTER (WHERE m.role <> 'citizen')
          INTO members, citizens, staff FROM city_member m;
        SELECT count(*) INTO notices_published FROM notice x WHERE x.published;
        SELECT count(*) INTO audit_events_30d FROM audit_event a WHERE a.at > now() - interval '30 days';
        RETURN NEXT;
    END LOOP;
    PERFORM set_config('app.tenant_id', caller, true);
END $$;
REVOKE ALL ON FUNCTION kyodo_city_statistics() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION kyodo_city_statistics() TO ${app_role};
