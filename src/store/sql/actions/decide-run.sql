-- Moves a proposed run to approved or rejected; no row when it was already decided. $1 run id, $2 status,
-- $3 decided_by, $4 decided_at
UPDATE action_runs SET status = $2, decided_by = $3, decided_at = $4
WHERE id = $1 AND status = 'proposed'
RETURNING id
