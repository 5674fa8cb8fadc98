-- A TRUNCATE of notice moves every city's notices version too (V22 covers insert, update and delete row by row; a
-- TRUNCATE fires no row trigger). Only the owner can truncate (the application role has no TRUNCATE grant), so this is
-- an operator's or a restore's statement: without this trigger a server that kept a city's notices under its version
-- would go on showing the removed notices. Every city gets a new version, including a city whose notices were never
-- written since V22 (no row yet: version 0, which a server may have kept a list under).
CREATE FUNCTION kyodo_notice_truncated() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = ${flyway:defaultSchema}, pg_temp AS $$
BEGIN
    INSERT INTO notice_version (city_id, version)
        SELECT c.id, nextval('notice_version_seq') FROM city c
        ON CONFLICT (city_id) DO UPDATE SET version = EXCLUDED.version;
    RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION kyodo_notice_truncated() FROM PUBLIC;

CREATE TRIGGER notice_truncated AFTER TRUNCATE ON notice
    FOR EACH STATEMENT EXECUTE FUNCTION kyodo_notice_truncated();
