-- Scheduled remediations not done that are due on or before $1 (the review's local date), the latest first
-- flagged, with their owner and incident. $1 = date (YYYY-MM-DD).
SELECT m.id, m.title, m.owner, to_char(m.due, 'YYYY-MM-DD') AS due, ($1::date - m.due)::int AS days_late, m.status,
       i.id AS incident_id, i.title AS incident_title, (i.drill OR i.origin = 'drill') AS drill
FROM remediations m
JOIN incidents i ON i.id = m.incident_id
WHERE m.status IN ('open', 'in_progress') AND m.due <= $1::date
ORDER BY m.due, m.id
