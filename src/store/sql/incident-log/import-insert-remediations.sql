-- Imported remediations. $1 jsonb array of {incident_id, title, owner, due, status}, $2 timestamptz now
INSERT INTO remediations (incident_id, title, owner, due, status, verified, created_at, imported)
SELECT r.incident_id, r.title, r.owner, r.due, r.status, false, $2::timestamptz, true
FROM jsonb_to_recordset($1::jsonb) AS r (incident_id text, title text, owner text, due date, status text)
