-- One alert episode with its decision trace, for `firebreak explain`. $1 id.
SELECT id, source, fingerprint, rule, status, title, message, service, environment, severity, labels, links,
       starts_at, ends_at, first_received_at, last_received_at, resolved_at, repeats, incident_id, suppressed,
       held_until, decided_at, trace
FROM alerts WHERE id = $1
