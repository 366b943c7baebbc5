-- Claims an approved run for execution: exactly one caller gets the row, whoever else races. $1 run id, $2 at
UPDATE action_runs SET status = 'running', started_at = $2
WHERE id = $1 AND status = 'approved'
RETURNING id
