-- Marks an incident changed; returns its id, or nothing when it does not exist. $1 text incident id, $2 timestamptz now
UPDATE incidents SET updated_at = greatest(updated_at, $2::timestamptz) WHERE id = $1 RETURNING id
