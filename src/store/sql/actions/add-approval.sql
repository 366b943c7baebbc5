-- Records one approver of a run; the same person twice counts once. $1 run id, $2 approver, $3 at
INSERT INTO action_approvals (run_id, approver, at) VALUES ($1, $2, $3)
ON CONFLICT (run_id, approver) DO NOTHING
RETURNING approver
