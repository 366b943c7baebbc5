-- An incident's linked alerts: counts and the first alert time. $1 incident id
SELECT count(*)::int AS total,
       count(*) FILTER (WHERE status = 'firing')::int AS firing,
       min(starts_at) AS first_alert_at,
       min(first_received_at) AS first_received_at
FROM alerts WHERE incident_id = $1
