-- Opens a firing episode, or counts a repeat of the one already firing (one per source+fingerprint).
-- $1 source, $2 fingerprint, $3 rule, $4 title, $5 message, $6 service, $7 environment, $8 severity,
-- $9 labels, $10 annotations, $11 links, $12 starts_at, $13 received_at, $14 raw.
-- Returns the episode and `inserted` (true when this call opened it).
INSERT INTO alerts (source, fingerprint, rule, status, title, message, service, environment, severity, labels,
                    annotations, links, starts_at, first_received_at, last_received_at, raw)
VALUES ($1, $2, $3, 'firing', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, $14)
ON CONFLICT (source, fingerprint) WHERE status = 'firing'
DO UPDATE SET last_received_at = GREATEST(alerts.last_received_at, EXCLUDED.last_received_at), repeats = alerts.repeats + 1
-- Only the columns triage reads come back (not the raw payload it was just given, nor the trace).
RETURNING id, source, fingerprint, rule, status, title, message, service, environment, severity, labels, starts_at,
       first_received_at, last_received_at, resolved_at, repeats, incident_id, suppressed, held_until,
          (xmax = 0) AS inserted
