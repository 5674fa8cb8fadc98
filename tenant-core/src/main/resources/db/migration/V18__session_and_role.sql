-- A signed-in page's two checks in one statement (issue 15 item 0): whether its page session is still in the session
-- store (kyodo_http_session, V8: a sign-out on any server deletes the row) and the caller's role in the page's city
-- (as kyodo_role_in_city, V17). Before, the session check was a statement of its own in the request's transaction
-- (SessionStoreCheck) and the role check another (CityRoles.roleInCity): one round trip less per signed-in page.
-- Both are still read on every request, in the request's transaction; nothing is cached. The city binding is the
-- same transaction-local set_config as TenantBinding's, made before city_member is read. SECURITY INVOKER: both reads
-- run as the application role, so row-level security decides city_member as it decides every statement (another
-- city's member row is not seen), and the session table is read with the app role's own grant (V8).
CREATE FUNCTION kyodo_session_role_in_city(session_id text, city uuid, subject text,
                                           OUT session_stored boolean, OUT member_role text)
    LANGUAGE plpgsql VOLATILE SECURITY INVOKER SET search_path = ${flyway:defaultSchema}, pg_temp AS $$
BEGIN
    session_stored := EXISTS (SELECT 1 FROM kyodo_http_session s WHERE s.id = session_id);
    PERFORM set_config('app.tenant_id', city::text, true);
    member_role := (SELECT m.role FROM city_member m WHERE m.keycloak_user_id = subject);
END $$;

REVOKE ALL ON FUNCTION kyodo_session_role_in_city(text, uuid, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION kyodo_session_role_in_city(text, uuid, text) TO ${app_role};
