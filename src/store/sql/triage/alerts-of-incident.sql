-- Alerts attached to an incident, first received first, at most the first 100 (enough to rank playbooks and
-- gather evidence; an incident of thousands of alerts must not cost thousands of rows per joining alert).
-- $1 incident id.
-- Only the columns triage reads: the raw payload, annotations and the growing decision trace stay in the store.
SELECT id, source, fingerprint, rule, status, title, message, service, environment, severity, labels, starts_at,
       first_received_at, last_received_at, resolved_at, repeats, incident_id, suppressed, held_until
FROM alerts WHERE incident_id = $1 ORDER BY first_received_at, id LIMIT 100
