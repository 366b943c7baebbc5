-- A countermeasure taken on an incident (an executed action). $1 incident_id, $2 at, $3 action, $4 worked, $5 by,
-- $6 action_run_id
INSERT INTO countermeasures (incident_id, at, action, worked, by, action_run_id) VALUES ($1, $2, $3, $4, $5, $6)
