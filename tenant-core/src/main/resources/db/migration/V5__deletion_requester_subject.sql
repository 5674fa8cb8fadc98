-- The second-vendor check of a city's deletion compares Keycloak subject ids (docs/tenancy.md, "City lifecycle"):
-- the requester's user name alone would let the same account approve its own request after a rename. The user name
-- stays for display and the audit trail; a row requested before this column existed is compared by user name only.
ALTER TABLE city ADD COLUMN deletion_requested_by_sub text;
