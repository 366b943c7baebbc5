-- Remediations not done or cancelled (the daily review), soonest due first. $1 date due on or before, or null
SELECT r.id, r.incident_id, r.title, r.owner, r.due, r.status, r.verified, r.verified_by, r.verified_at,
       r.done_at, r.done_by, r.created_at
FROM remediations r
WHERE r.status IN ('open', 'in_progress') AND ($1::date IS NULL OR r.due <= $1::date)
ORDER BY r.due NULLS LAST, r.id
