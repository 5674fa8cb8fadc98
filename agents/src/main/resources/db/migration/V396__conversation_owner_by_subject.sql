-- A signed-in person's concierge conversations belong to their immutable Keycloak subject id, not to their user name
-- (issue 10, item 12): the owner key changes from 'user:<user name>' to 'subject:<sub>'. Existing conversations of a
-- current member, made after that member's account was opened, move to the new key; the others keep the old key,
-- which nothing asks for any more (an earlier holder of the name is not the person who has it now).
SELECT kyodo_each_city($$
    UPDATE concierge_conversation c SET owner = 'subject:' || m.keycloak_user_id FROM city_member m
     WHERE c.owner = 'user:' || m.username AND c.created_at >= m.created_at $$);
