-- Sets the escalation time once. $1 id, $2 at. A row back only for the call that set it.
UPDATE incidents SET escalated_at = $2 WHERE id = $1 AND escalated_at IS NULL RETURNING id
