-- Records the result of a run that was running. $1 run id, $2 status (succeeded|failed), $3 finished_at,
-- $4 result, $5 output, $6 followup_due_at
UPDATE action_runs SET status = $2, finished_at = $3, result = $4, output = $5, followup_due_at = $6
WHERE id = $1 AND status = 'running'
RETURNING id
