-- The person who asked for a hand-over is kept by their immutable Keycloak subject id, never by the user name
-- (issue 10, item 12): staff see the asker's display name while the account exists, and "a closed account" after,
-- never the person who holds the freed name now. asked_by stays as text (the name at the time, or 'anonymous').
ALTER TABLE concierge_handover ADD COLUMN asked_by_subject text CHECK (length(asked_by_subject) BETWEEN 1 AND 255);

-- Existing hand-overs: the subject of the city's current member with that name, only for hand-overs made after that
-- member's account was opened (an older one was an earlier holder's).
SELECT kyodo_each_city($$
    UPDATE concierge_handover h SET asked_by_subject = m.keycloak_user_id FROM city_member m
     WHERE m.username = h.asked_by AND h.created_at >= m.created_at AND h.asked_by_subject IS NULL $$);
