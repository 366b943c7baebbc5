-- The alert log for `firebreak alerts`: alert episodes, newest first by when they were first received, each with
-- its decision columns and the last entry of its trace (not the whole trace, which grows with every step).
-- $1 timestamptz first received at or after, or null; $2 text source or null; $3 text service or null;
-- $4 text incident id or null; $5 boolean only suppressed ones; $6 text suppression reason or null;
-- $7 boolean only held ones; $8 text delivery key (as the webhook's 202 answer gives it) or null; $9 int limit.
--
-- A delivery's alerts are recorded under `<key>/<index>`, indexes from 0 with no gap (one delivery's alerts are
-- recorded in order). They are walked one index at a time, so each step is a lookup in the unique index on
-- delivery_key: a prefix LIKE could not use that index under a non-C collation. A key given whole
-- (`<key>/3`) is looked up as it is.
WITH RECURSIVE carried (n, alert_id) AS (
  SELECT 0, d.alert_id FROM alert_deliveries d WHERE d.delivery_key = $8::text || '/0'
  UNION ALL
  SELECT c.n + 1, d.alert_id FROM carried c JOIN alert_deliveries d ON d.delivery_key = $8::text || '/' || (c.n + 1)::text
)
SELECT a.id, a.first_received_at, a.source, a.rule, a.service, a.environment, a.status, a.title,
       a.incident_id, a.suppressed, a.held_until, a.decided_at,
       a.trace -> -1 ->> 'step' AS last_step,
       a.trace -> -1 ->> 'decision' AS last_decision,
       a.trace -> -1 ->> 'reason' AS last_reason
FROM alerts a
WHERE ($1::timestamptz IS NULL OR a.first_received_at >= $1::timestamptz)
  AND ($2::text IS NULL OR a.source = $2::text)
  AND ($3::text IS NULL OR a.service = $3::text)
  AND ($4::text IS NULL OR a.incident_id = $4::text)
  AND (NOT $5::boolean OR a.suppressed IS NOT NULL)
  AND ($6::text IS NULL OR a.suppressed = $6::text)
  AND (NOT $7::boolean OR (a.held_until IS NOT NULL AND a.suppressed IS NULL AND a.incident_id IS NULL))
  AND ($8::text IS NULL
       OR a.id IN (SELECT alert_id FROM carried)
       OR a.id IN (SELECT alert_id FROM alert_deliveries WHERE delivery_key = $8::text))
ORDER BY a.first_received_at DESC, a.id DESC
LIMIT $9::int
