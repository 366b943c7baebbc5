-- Alerts first received since a time that are still firing, in no incident, and not suppressed (or suppressed only
-- as known noise, which corroboration can still promote), oldest first. $1 since.
-- Only the columns triage reads: the raw payload, annotations and the growing decision trace stay in the store.
SELECT id, source, fingerprint, rule, status, title, message, service, environment, severity, labels, starts_at,
       first_received_at, last_received_at, resolved_at, repeats, incident_id, suppressed, held_until
FROM alerts
WHERE first_received_at >= $1 AND status = 'firing' AND incident_id IS NULL
  AND (suppressed IS NULL OR suppressed = 'known-noisy')
ORDER BY first_received_at, id
