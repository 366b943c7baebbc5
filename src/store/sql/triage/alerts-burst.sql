-- Unsuppressed alerts since a time, counted by service and incident: what a storm is made of. $1 since,
-- $2 alert id to leave out.
SELECT service, incident_id, count(*)::int AS alerts FROM alerts
WHERE first_received_at >= $1 AND suppressed IS NULL AND id <> $2
GROUP BY service, incident_id
