-- One alert episode. $1 id.
-- Only the columns triage reads: the raw payload, annotations and the growing decision trace stay in the store.
SELECT id, source, fingerprint, rule, status, title, message, service, environment, severity, labels, starts_at,
       first_received_at, last_received_at, resolved_at, repeats, incident_id, suppressed, held_until
FROM alerts WHERE id = $1
