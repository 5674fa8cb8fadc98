-- The version of a city's notices (お知らせ, table notice, V1), read with a signed-in page's session, role and settings
-- (issue 15 item 0, session 18). Every page of a signed-in person lists the city's notices (マイページ, the inbox), and
-- the list is the same for every person of the city (published ones for citizens, all for staff), so a server may keep
-- it in memory — as long as it knows, at each request, that the list has not changed since it read it, whichever
-- server changed it. That is this number: every insert, update or delete of a notice row sets its city's version to a
-- new value of one sequence, in the writing transaction (a trigger, so any writer is covered: the application on any
-- server, an import, a purge, SQL by an operator). A sequence value is never handed out twice, so a version read equal
-- to a kept one means "no notice of this city was written since": the kept list is still the list. A city whose
-- notices were never written since this migration has no row; it reads as version 0, which the sequence (from 1)
-- never gives.
--
-- The table is the cities' versions, keyed by the city's id, not a tenant table (it has no tenant_id column, so a
-- city's export, import and purge leave it alone: it is not the city's data, and an import must never carry an old
-- version number into a city where a server could have kept a list under it). Row-level security on city_id: the
-- application role reads only the bound city's row, and cannot write it at all. The trigger function writes as the
-- owner, for the written notice row's own city (its tenant_id); RLS is enabled but NOT forced here, so the owner's
-- write does not depend on the writer's binding (an operator's SQL as a superuser without one still moves the version
-- of each city it changed).
CREATE SEQUENCE notice_version_seq;

CREATE TABLE notice_version (
    city_id  uuid PRIMARY KEY,
    version  bigint NOT NULL
);
ALTER TABLE notice_version ENABLE ROW LEVEL SECURITY;
CREATE POLICY city_isolation ON notice_version USING (city_id = kyodo_current_tenant())
    WITH CHECK (city_id = kyodo_current_tenant());
GRANT SELECT ON notice_version TO ${app_role};

-- Runs for each written notice row, as the owner (SECURITY DEFINER: the application role has no write grant on
-- notice_version), for the row's own city; an UPDATE that moved a row to another city (only a superuser could) moves
-- both cities' versions.
CREATE FUNCTION kyodo_notice_written() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = ${flyway:defaultSchema}, pg_temp AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO notice_version (city_id, version) VALUES (OLD.tenant_id, nextval('notice_version_seq'))
            ON CONFLICT (city_id) DO UPDATE SET version = EXCLUDED.version;
    END IF;
    IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.tenant_id IS DISTINCT FROM OLD.tenant_id) THEN
        INSERT INTO notice_version (city_id, version) VALUES (NEW.tenant_id, nextval('notice_version_seq'))
            ON CONFLICT (city_id) DO UPDATE SET version = EXCLUDED.version;
    END IF;
    RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION kyodo_notice_written() FROM PUBLIC;

CREATE TRIGGER notice_written AFTER INSERT OR UPDATE OR DELETE ON notice
    FOR EACH ROW EXECUTE FUNCTION kyodo_notice_written();

-- V21's statement plus the city's notices version, read after the same binding as the application role (SECURITY
-- INVOKER: row-level security decides it, as it decides city_member and city_settings). V21's and V18's functions stay
-- for servers of the previous versions during a rolling update.
CREATE FUNCTION kyodo_session_role_in_city_with_settings_and_notices(session_id text, city uuid, subject text,
                                                    OUT session_stored boolean, OUT member_role text,
                                                    OUT settings_found boolean, OUT display_name text,
                                                    OUT primary_color text, OUT secondary_color text,
                                                    OUT logo_url text, OUT languages text, OUT enabled_modules text,
                                                    OUT notices_version bigint)
    LANGUAGE plpgsql VOLATILE SECURITY INVOKER SET search_path = ${flyway:defaultSchema}, pg_temp AS $$
BEGIN
    session_stored := EXISTS (SELECT 1 FROM kyodo_http_session s WHERE s.id = session_id);
    PERFORM set_config('app.tenant_id', city::text, true);
    member_role := (SELECT m.role FROM city_member m WHERE m.keycloak_user_id = subject);
    SELECT s.display_name, s.primary_color, s.secondary_color, s.logo_url, s.languages, s.enabled_modules
      INTO display_name, primary_color, secondary_color, logo_url, languages, enabled_modules
      FROM city_settings s;
    settings_found := FOUND;
    notices_version := coalesce((SELECT v.version FROM notice_version v WHERE v.city_id = city), 0);
END $$;

REVOKE ALL ON FUNCTION kyodo_session_role_in_city_with_settings_and_notices(text, uuid, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION kyodo_session_role_in_city_with_settings_and_notices(text, uuid, text) TO ${app_role};
