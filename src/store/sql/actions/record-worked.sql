-- The human's answer to "did it work?"; the first answer stands. $1 run id, $2 worked, $3 by, $4 at
UPDATE action_runs SET worked = $2, worked_by = $3, followup_asked_at = coalesce(followup_asked_at, $4)
WHERE id = $1 AND worked IS NULL AND status IN ('succeeded', 'failed')
RETURNING id
