-- A migration that changes rows of tenant tables runs as the owner, and the owner is subject to row-level security
-- like everybody else (RLS is forced): without a bound city it sees no rows. kyodo_each_city runs one statement once
-- per city, with that city bound for the statement (transaction-local, as the application binds it), and restores
-- the binding it found. For migrations only: EXECUTE is not granted to the application role.
CREATE FUNCTION kyodo_each_city(statement text) RETURNS void
    LANGUAGE plpgsql SET search_path = ${flyway:defaultSchema}, pg_temp AS $$
DECLARE
    c record;
    before text := current_setting('app.tenant_id', true);
BEGIN
    FOR c IN SELECT id FROM city ORDER BY id LOOP
        PERFORM set_config('app.tenant_id', c.id::text, true);
        EXECUTE statement;
    END LOOP;
    PERFORM set_config('app.tenant_id', coalesce(before, ''), true);
END $$;
REVOKE ALL ON FUNCTION kyodo_each_city(text) FROM PUBLIC;
