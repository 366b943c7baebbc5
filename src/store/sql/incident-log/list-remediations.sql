-- An incident's scheduled remediations, by due date. $1 text incident id
SELECT id, incident_id, title, owner, due, status, verified, verified_by, verified_at, done_at, done_by, created_at
FROM remediations WHERE incident_id = $1 ORDER BY due NULLS LAST, id
