-- A hand-over now carries the city's reception number (受付番号, from reception_counter); older rows keep none
-- and show the first characters of their id as before.
ALTER TABLE concierge_handover ADD COLUMN reception_number text;
CREATE UNIQUE INDEX concierge_handover_reception_number ON concierge_handover (tenant_id, reception_number);
