-- Who has a case or an application, and who made the first of two checks, are people: they are kept by the person's
-- immutable Keycloak subject id, never by the user name (issue 10, item 12). A closed account's user name is free again;
-- a new account with the same name must not find the first person's cases among "mine", take them as its own, or pass
-- a two-person check as the first checker. The user name columns stay as text (the name at the time, for the record).
ALTER TABLE inquiry_case ADD COLUMN assignee_subject text CHECK (length(assignee_subject) BETWEEN 1 AND 255);
ALTER TABLE application ADD COLUMN assignee_subject text CHECK (length(assignee_subject) BETWEEN 1 AND 255);
ALTER TABLE application ADD COLUMN first_check_subject text CHECK (length(first_check_subject) BETWEEN 1 AND 255);

-- Existing rows get the subject of the city's current member with that user name only where that member certainly is
-- the person: the row was made after the member's account was opened, or the member acted on it (timeline) since then.
-- Otherwise the name belonged to an earlier holder; the row keeps no subject and is nobody's "mine" (shown as a closed
-- account; the case can be escalated to its queue again).
SELECT kyodo_each_city($$
    UPDATE inquiry_case c SET assignee_subject = m.keycloak_user_id FROM city_member m
     WHERE m.username = c.assignee AND c.assignee_subject IS NULL
       AND (c.created_at >= m.created_at OR EXISTS (SELECT 1 FROM case_event e WHERE e.case_id = c.id
            AND e.actor = m.username AND e.at >= m.created_at)) $$);
SELECT kyodo_each_city($$
    UPDATE application a SET assignee_subject = m.keycloak_user_id FROM city_member m
     WHERE m.username = a.assignee AND a.assignee_subject IS NULL
       AND (a.created_at >= m.created_at OR EXISTS (SELECT 1 FROM application_event e WHERE e.application_id = a.id
            AND e.actor = m.username AND e.created_at >= m.created_at)) $$);
SELECT kyodo_each_city($$
    UPDATE application a SET first_check_subject = m.keycloak_user_id FROM city_member m
     WHERE m.username = a.first_check_by AND a.first_check_subject IS NULL
       AND (a.created_at >= m.created_at OR EXISTS (SELECT 1 FROM application_event e WHERE e.application_id = a.id
            AND e.actor = m.username AND e.created_at >= m.created_at)) $$);

CREATE INDEX inquiry_case_assignee_subject ON inquiry_case (tenant_id, assignee_subject, created_at DESC)
    WHERE assignee_subject IS NOT NULL;
