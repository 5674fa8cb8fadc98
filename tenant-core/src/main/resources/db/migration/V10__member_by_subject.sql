-- Roles belong to a city: the API filter and the page gate look up the caller's role in the token's city by the
-- immutable Keycloak subject id (sub), never by the user name. One account holds at most one role per city.
CREATE UNIQUE INDEX city_member_subject ON city_member (tenant_id, keycloak_user_id);
