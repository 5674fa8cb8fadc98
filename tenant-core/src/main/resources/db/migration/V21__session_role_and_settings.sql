-- A signed-in page's session check, role check AND its city's settings in one statement (issue 15 item 0, session 17).
-- As kyodo_session_role_in_city (V18): whether the page session's row is still in the session store
-- (kyodo_http_session, V8: a sign-out on any server deletes it), then, after the same transaction-local city binding as
-- TenantBinding's, the caller's role from city_member — and now also the city's settings row (city_settings), which
-- every page read as a statement of its own for its module switch and its frame (CitySettingsService.current). Nothing
-- is cached: all three are read on every request, in the request's transaction (or as one autocommit statement
-- outside one). SECURITY INVOKER: every read runs as the application role, so row-level security decides city_member
-- and city_settings as it decides every statement (another city's rows are not seen). V18's function stays for
-- servers of the previous version during a rolling update.
CREATE FUNCTION kyodo_session_role_in_city_with_settings(session_id text, city uuid, subject text,
                                                    OUT session_stored boolean, OUT member_role text,
                                                    OUT settings_found boolean, OUT display_name text,
                                                    OUT primary_color text, OUT secondary_color text,
                                                    OUT logo_url text, OUT languages text, OUT enabled_modules text)
    LANGUAGE plpgsql VOLATILE SECURITY INVOKER SET search_path = ${flyway:defaultSchema}, pg_temp AS $$
BEGIN
    session_stored := EXISTS (SELECT 1 FROM kyodo_http_session s WHERE s.id = session_id);
    PERFORM set_config('app.tenant_id', city::text, true);
    member_role := (SELECT m.role FROM city_member m WHERE m.keycloak_user_id = subject);
    SELECT s.display_name, s.primary_color, s.secondary_color, s.logo_url, s.languages, s.enabled_modules
      INTO display_name, primary_color, secondary_color, logo_url, languages, enabled_modules
      FROM city_settings s;
    settings_found := FOUND;
END $$;

REVOKE ALL ON FUNCTION kyodo_session_role_in_city_with_settings(text, uuid, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION kyodo_session_role_in_city_with_settings(text, uuid, text) TO ${app_role};
