-- Records a firing notification in one statement: a delivery key seen before is a redelivery (its alert comes back,
-- nothing is written); otherwise the alert's firing episode is opened, or its repeat counted (one per
-- source+fingerprint), and the delivery is recorded with what it turned out to be. Callers hold the triage lock, so
-- no other delivery of the same key runs between the check and the write.
-- $1 delivery_key, $2 source, $3 fingerprint, $4 rule, $5 title, $6 message, $7 service, $8 environment,
-- $9 severity, $10 labels, $11 annotations, $12 links, $13 starts_at, $14 received_at (first/last), $15 raw,
-- $16 at (the delivery's time, and the time a new episode's context is read at).
-- $17-$25, null when the context is not wanted: the context windows (alert_context, migrations 046 and 048): $17
-- incidents since, $18 undecided since, $19 burst since, $20 changes from, $21 fingerprint (and service rule)
-- episodes since, $22 rule behaviour since, $23 at most this many of the storm window's latest alerts, $24 the longest
-- resolution, in seconds, that counts as by itself, $25 at most this many of the rule's latest episodes counted.
-- Returns one row: `redelivery` true with the earlier delivery's alert (its columns null when it had none), or the
-- episode with `inserted` (true when this call opened it) and, when it did, the episode's context. The statement's
-- snapshot is taken before its insert, so the context leaves the new episode out: as every reader of it does (the
-- undecided alerts but the one decided, the storm window's counts, the episodes before it).
WITH seen AS (
  SELECT alert_id FROM alert_deliveries WHERE delivery_key = $1
), upserted AS (
  INSERT INTO alerts (source, fingerprint, rule, status, title, message, service, environment, severity, labels,
                      annotations, links, starts_at, first_received_at, last_received_at, raw)
  SELECT $2, $3, $4, 'firing', $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, $15
  WHERE NOT EXISTS (SELECT 1 FROM seen)
  ON CONFLICT (source, fingerprint) WHERE status = 'firing'
  DO UPDATE SET last_received_at = GREATEST(alerts.last_received_at, EXCLUDED.last_received_at), repeats = alerts.repeats + 1
  RETURNING id, source, fingerprint, rule, status, title, message, service, environment, severity, labels, starts_at,
            first_received_at, last_received_at, resolved_at, repeats, incident_id, suppressed, held_until,
            (xmax = 0) AS inserted
), recorded AS (
  INSERT INTO alert_deliveries (delivery_key, alert_id, status, outcome, received_at)
  SELECT $1, id, 'firing', CASE WHEN inserted THEN 'new' ELSE 'repeat' END, $16 FROM upserted
)
SELECT false AS redelivery, upserted.*, context.* FROM upserted
-- OFFSET 0 keeps the condition inside (a one-time filter): a repeat reads no context at all.
LEFT JOIN LATERAL (
  SELECT * FROM alert_context(upserted.id, $2, $3, $4, $16, $17, $18, $19, $20, $21, $22, upserted.first_received_at, $23, $24, $7, $25)
  WHERE upserted.inserted AND $17::timestamptz IS NOT NULL OFFSET 0
) context ON true
UNION ALL
SELECT true, a.id, a.source, a.fingerprint, a.rule, a.status, a.title, a.message, a.service, a.environment, a.severity,
       a.labels, a.starts_at, a.first_received_at, a.last_received_at, a.resolved_at, a.repeats, a.incident_id,
       a.suppressed, a.held_until, false, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
FROM seen LEFT JOIN alerts a ON a.id = seen.alert_id
