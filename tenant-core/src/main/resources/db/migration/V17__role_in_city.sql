-- The role check of every signed-in request (CityRoles.roleInCity) in one round trip instead of three or four
-- (issue 15 item 0, issue 16): it binds the request's city for the running transaction exactly as TenantBinding
-- does (set_config('app.tenant_id', …, true), transaction-local) and then reads the caller's role in it.
-- SECURITY INVOKER: the read runs as the application role, so row-level security on city_member decides it as it
-- decides every other statement; a city other than the one bound sees no row. Called in autocommit (a write
-- request, before its services' own transactions) the binding ends with the statement's implicit transaction.
CREATE FUNCTION kyodo_role_in_city(city uuid, subject text) RETURNS text
    LANGUAGE plpgsql VOLATILE SECURITY INVOKER SET search_path = ${flyway:defaultSchema}, pg_temp AS $$
BEGIN
    PERFORM set_config('app.tenant_id', city::text, true);
    RETURN (SELECT m.role FROM city_member m WHERE m.keycloak_user_id = subject);
END $$;

REVOKE ALL ON FUNCTION kyodo_role_in_city(uuid, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION kyodo_role_in_city(uuid, text) TO ${app_role};
