-- One timeline entry on an incident. $1 incident_id, $2 at, $3 actor, $4 kind, $5 summary, $6 detail (jsonb)
INSERT INTO timeline (incident_id, at, actor, kind, summary, detail) VALUES ($1, $2, $3, $4, $5, $6)
