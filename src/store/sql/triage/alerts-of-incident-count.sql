-- How many alerts are attached to an incident (index only). $1 incident id.
SELECT count(*)::int AS alerts FROM alerts WHERE incident_id = $1
