-- Action runs (issue 6): approvals with the two-approver rule, attempts after a fix that did not work, the
-- "did it work?" follow-up, and the rule change a false positive implies.
ALTER TABLE action_runs ADD COLUMN attempt integer NOT NULL DEFAULT 1;
ALTER TABLE action_runs ADD COLUMN notice text;
ALTER TABLE action_runs ADD COLUMN required_approvals integer NOT NULL DEFAULT 1;
ALTER TABLE action_runs ADD COLUMN worked boolean;
ALTER TABLE action_runs ADD COLUMN worked_by text;
ALTER TABLE action_runs ADD COLUMN followup_due_at timestamptz;
ALTER TABLE action_runs ADD COLUMN followup_asked_at timestamptz;
-- A run that did not work may be proposed again for the same incident, as a new attempt that says so.
ALTER TABLE action_runs DROP CONSTRAINT action_runs_incident_id_playbook_id_action_id_key;
ALTER TABLE action_runs ADD CONSTRAINT action_runs_attempt_key UNIQUE (incident_id, playbook_id, action_id, attempt);
-- `silence`: the rule change offered after a false positive, approved like any other action.
ALTER TABLE action_runs DROP CONSTRAINT action_runs_kind_check;
ALTER TABLE action_runs ADD CONSTRAINT action_runs_kind_check CHECK (kind IN ('http', 'command', 'noop', 'silence'));
CREATE INDEX action_runs_status_idx ON action_runs (status, proposed_at);
CREATE INDEX action_runs_followup_idx ON action_runs (followup_due_at) WHERE followup_asked_at IS NULL;
