-- Records whether a countermeasure worked. $1 bigint countermeasure id, $2 boolean worked
UPDATE countermeasures SET worked = $2 WHERE id = $1
RETURNING id, incident_id, at, action, worked, by, action_run_id
