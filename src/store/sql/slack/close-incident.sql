-- Closes an open or mitigated incident as resolved or false_positive; no row when it was already closed.
-- $1 incident id, $2 status, $3 at
UPDATE incidents SET status = $2, resolved_at = coalesce(resolved_at, $3), acknowledged_at = coalesce(acknowledged_at, $3), updated_at = $3
WHERE id = $1 AND status IN ('open', 'mitigated')
RETURNING id
