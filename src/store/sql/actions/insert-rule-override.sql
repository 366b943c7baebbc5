-- A rule override approved by a human (known-noisy, or a hold); the run that made it writes it once.
-- $1 source, $2 rule, $3 kind, $4 hold_s (null for known-noisy), $5 reason, $6 created_by, $7 created_at,
-- $8 action_run_id (null when not made by a run)
INSERT INTO rule_overrides (source, rule, kind, hold_s, reason, created_by, created_at, action_run_id)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
ON CONFLICT (action_run_id) DO NOTHING
RETURNING id
