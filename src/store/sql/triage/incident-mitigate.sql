-- Marks an open incident mitigated. $1 id, $2 at.
UPDATE incidents SET status = 'mitigated', mitigated_at = COALESCE(mitigated_at, $2), updated_at = $2
WHERE id = $1 AND status = 'open'
RETURNING id
