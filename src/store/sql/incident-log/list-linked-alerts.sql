-- The alerts attached to an incident, first received first. $1 text incident id
SELECT id, source, fingerprint, rule, status, title, service, environment, severity, starts_at, ends_at,
       first_received_at, last_received_at, repeats, suppressed, links
FROM alerts WHERE incident_id = $1 ORDER BY first_received_at, id
