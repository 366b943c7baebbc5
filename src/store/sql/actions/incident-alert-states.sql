-- How an incident's alerts stand: firing and resolved counts. $1 incident_id
SELECT count(*) FILTER (WHERE status = 'firing')::int AS firing, count(*) FILTER (WHERE status = 'resolved')::int AS resolved
FROM alerts WHERE incident_id = $1
