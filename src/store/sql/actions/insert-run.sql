-- Proposes one action run; a second proposal of the same attempt is a no-op (retried jobs, racing workers).
-- $1 incident_id, $2 playbook_id, $3 action_id, $4 title, $5 kind, $6 risk, $7 spec (jsonb), $8 proposed_at,
-- $9 attempt, $10 notice, $11 required_approvals
INSERT INTO action_runs (id, incident_id, playbook_id, action_id, title, kind, risk, spec, proposed_at, attempt, notice, required_approvals)
VALUES ('RUN-' || lpad(nextval('action_run_number_seq')::text, 4, '0'), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
ON CONFLICT (incident_id, playbook_id, action_id, attempt) DO NOTHING
RETURNING id
