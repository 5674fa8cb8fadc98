-- Warning before the response target (対応期限が近づいています) and the background escalation's marks.
--
-- case_sla_policy.warn_before_minutes: how long before the due time a case counts as "near" and is warned about;
--   NULL = the default rule (a quarter of the target, at least 15 minutes; see jp.kyodo.crm.cases.SlaRules).
-- inquiry_case.sla_warn_at: when the case becomes "near" (fixed when the case opens, like sla_due_at).
-- inquiry_case.sla_warned_at: set once by the conditional UPDATE that writes the single warning to the timeline.
ALTER TABLE case_sla_policy ADD COLUMN warn_before_minutes integer
    CHECK (warn_before_minutes IS NULL OR warn_before_minutes BETWEEN 1 AND 525600);
ALTER TABLE case_sla_policy ADD CONSTRAINT case_sla_policy_warn_within_target
    CHECK (warn_before_minutes IS NULL OR warn_before_minutes <= response_minutes);

ALTER TABLE inquiry_case ADD COLUMN sla_warn_at timestamptz;
ALTER TABLE inquiry_case ADD COLUMN sla_warned_at timestamptz;

-- cases opened before this version: the default rule. RLS is forced, so the owner binds each city in turn.
DO $$
DECLARE
    c uuid;
    previous text := current_setting('app.tenant_id', true);
BEGIN
    FOR c IN SELECT id FROM city LOOP
        PERFORM set_config('app.tenant_id', c::text, true);
        UPDATE inquiry_case
           SET sla_warn_at = sla_due_at - greatest(interval '15 minutes', (sla_due_at - created_at) / 4)
         WHERE sla_warn_at IS NULL;
    END LOOP;
    PERFORM set_config('app.tenant_id', coalesce(previous, ''), true);
END $$;

-- the background job looks for open cases whose warning or due time has come
CREATE INDEX inquiry_case_sla_warn ON inquiry_case (tenant_id, sla_warn_at)
    WHERE sla_warned_at IS NULL AND first_response_at IS NULL AND status IN ('NEW', 'ASSIGNED', 'ESCALATED');
