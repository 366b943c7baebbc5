-- Locks one run for a decision (inside a transaction). $1 run id
SELECT id, status, required_approvals FROM action_runs WHERE id = $1 FOR UPDATE
