-- Reception numbers (受付番号): one counter per city and Japanese calendar year. The application
-- increments it with INSERT … ON CONFLICT DO UPDATE … RETURNING inside the transaction that uses the
-- number, so concurrent callers queue on the row lock and a rollback gives the number back:
-- the numbers of a city and year are unique and without gaps.
CREATE TABLE reception_counter (
    tenant_id   uuid NOT NULL DEFAULT kyodo_current_tenant() REFERENCES city (id),
    id          uuid NOT NULL DEFAULT gen_random_uuid(),
    year        integer NOT NULL CHECK (year BETWEEN 2000 AND 9999),
    last_value  bigint NOT NULL CHECK (last_value >= 0),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, year)
);
SELECT kyodo_make_tenant_table('reception_counter', '${app_role}');
ALTER TABLE reception_counter FORCE ROW LEVEL SECURITY; -- already forced by the function; stated for readers
