-- The concierge's "which of these?" replies are counted apart from direct answers (issue 14): clarified = the
-- concierge offered choices, chosen = the person picked one (that choice's answer is not counted in answered).
ALTER TABLE concierge_usage ADD COLUMN clarified integer NOT NULL DEFAULT 0 CHECK (clarified >= 0);
ALTER TABLE concierge_usage ADD COLUMN chosen integer NOT NULL DEFAULT 0 CHECK (chosen >= 0);
