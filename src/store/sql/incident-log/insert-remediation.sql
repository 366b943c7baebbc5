-- A scheduled remediation. $1 text incident id, $2 text title, $3 text owner, $4 date due, $5 timestamptz now
INSERT INTO remediations (incident_id, title, owner, due, created_at)
VALUES ($1, $2, $3, $4::date, $5)
RETURNING id, incident_id, title, owner, due, status, verified, verified_by, verified_at, done_at, done_by, created_at
