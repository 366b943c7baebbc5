-- Links an alert to an incident and ends any hold. $1 id, $2 incident id.
UPDATE alerts SET incident_id = $2, held_until = NULL WHERE id = $1
