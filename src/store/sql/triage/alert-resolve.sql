-- Closes the firing episode of an alert. $1 source, $2 fingerprint, $3 received_at, $4 ends_at (nullable).
UPDATE alerts SET status = 'resolved', resolved_at = $3::timestamptz, ends_at = COALESCE($4::timestamptz, $3::timestamptz),
                  held_until = NULL, last_received_at = $3::timestamptz
WHERE source = $1 AND fingerprint = $2 AND status = 'firing'
-- Only the columns triage reads: the raw payload, annotations and the growing decision trace stay in the store.
RETURNING id, source, fingerprint, rule, status, title, message, service, environment, severity, labels, starts_at,
       first_received_at, last_received_at, resolved_at, repeats, incident_id, suppressed, held_until
