-- A countermeasure taken on an incident. $1 text incident id, $2 timestamptz at, $3 text action,
-- $4 boolean worked (null: not known yet), $5 text by, $6 text action_run_id
INSERT INTO countermeasures (incident_id, at, action, worked, by, action_run_id)
VALUES ($1, $2, $3, $4, $5, $6)
RETURNING id, at, action, worked, by, action_run_id
