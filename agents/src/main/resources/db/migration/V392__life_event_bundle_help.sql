-- Life-event bundles (issue 13, item 8): a bundle the person asked help for (「相談したい」) or left without activity
-- becomes a case in the contact centre. Which, when, and the case's reception number, so that it opens one case only.
ALTER TABLE life_event_bundle
    ADD COLUMN help_reason text CHECK (help_reason IN ('ASKED', 'ABANDONED')),
    ADD COLUMN help_at timestamptz,
    ADD COLUMN help_case text CHECK (length(help_case) <= 60),
    -- the answers an operator recorded on the person's behalf (question id → the operator's user name)
    ADD COLUMN operator_answers jsonb NOT NULL DEFAULT '{}',
    ADD CONSTRAINT life_event_bundle_help CHECK ((help_reason IS NULL) = (help_at IS NULL));
-- the sweep of abandoned bundles: those without a case, oldest activity first
CREATE INDEX life_event_bundle_idle ON life_event_bundle (tenant_id, updated_at) WHERE help_at IS NULL;
