-- Whether the countermeasure of a run worked. $1 action_run_id, $2 worked
UPDATE countermeasures SET worked = $2 WHERE action_run_id = $1
