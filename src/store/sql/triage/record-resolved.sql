-- Records a resolved notification in one statement: a delivery key seen before is a redelivery (its alert comes
-- back, nothing is written); otherwise the firing episode of the alert is closed (none: `resolved-unknown`) and the
-- delivery is recorded with what it turned out to be. Callers hold the triage lock.
-- $1 delivery_key, $2 source, $3 fingerprint, $4 at (the delivery's time), $5 ends_at (nullable).
-- Returns the redelivery's row (`redelivery` true, alert columns null when it had none) or the closed episode
-- (`redelivery` false); no row when nothing was firing.
WITH seen AS (
  SELECT alert_id FROM alert_deliveries WHERE delivery_key = $1
), closed AS (
  UPDATE alerts SET status = 'resolved', resolved_at = $4::timestamptz, ends_at = COALESCE($5::timestamptz, $4::timestamptz),
                    held_until = NULL, last_received_at = $4::timestamptz
  WHERE source = $2 AND fingerprint = $3 AND status = 'firing' AND NOT EXISTS (SELECT 1 FROM seen)
  RETURNING id, source, fingerprint, rule, status, title, message, service, environment, severity, labels, starts_at,
            first_received_at, last_received_at, resolved_at, repeats, incident_id, suppressed, held_until
), recorded AS (
  INSERT INTO alert_deliveries (delivery_key, alert_id, status, outcome, received_at)
  SELECT $1, (SELECT id FROM closed), 'resolved', CASE WHEN EXISTS (SELECT 1 FROM closed) THEN 'resolved' ELSE 'resolved-unknown' END, $4::timestamptz
  WHERE NOT EXISTS (SELECT 1 FROM seen)
)
SELECT false AS redelivery, closed.* FROM closed
UNION ALL
SELECT true, a.id, a.source, a.fingerprint, a.rule, a.status, a.title, a.message, a.service, a.environment, a.severity,
       a.labels, a.starts_at, a.first_received_at, a.last_received_at, a.resolved_at, a.repeats, a.incident_id,
       a.suppressed, a.held_until
FROM seen LEFT JOIN alerts a ON a.id = seen.alert_id
