-- Sets the notification time once. $1 id, $2 at. A row back only for the call that set it.
UPDATE incidents SET notified_at = $2 WHERE id = $1 AND notified_at IS NULL RETURNING id
