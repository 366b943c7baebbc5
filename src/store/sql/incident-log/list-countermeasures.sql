-- An incident's countermeasures, in the order they were taken. $1 text incident id
SELECT id, at, action, worked, by, action_run_id FROM countermeasures WHERE incident_id = $1 ORDER BY at, id
