-- One timeline entry. $1 incident id, $2 at, $3 actor, $4 kind, $5 summary, $6 detail.
INSERT INTO timeline (incident_id, at, actor, kind, summary, detail) VALUES ($1, $2, $3, $4, $5, $6)
