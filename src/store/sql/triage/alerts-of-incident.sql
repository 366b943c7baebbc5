-- Alerts attached to an incident, first received first. $1 incident id.
SELECT * FROM alerts WHERE incident_id = $1 ORDER BY first_received_at, id
