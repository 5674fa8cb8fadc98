-- Life-event bundles (issue 13, item 6): what was read from a certificate photo — the kind of document and the fields
-- proposed as answers, each waiting for the person to check it. The photo itself is not kept.
ALTER TABLE life_event_bundle ADD COLUMN photo jsonb NOT NULL DEFAULT '{}';
