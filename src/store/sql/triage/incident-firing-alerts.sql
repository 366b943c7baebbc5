-- How many alerts of an incident still fire. $1 incident id.
SELECT count(*)::int AS firing FROM alerts WHERE incident_id = $1 AND status = 'firing'
