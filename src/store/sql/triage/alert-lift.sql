-- Lifts an alert's suppression, keeping its record. $1 id, $2 why, $3 at.
WITH updated AS (
  UPDATE alerts SET suppressed = NULL, decided_at = $3 WHERE id = $1 AND suppressed IS NOT NULL RETURNING id
)
UPDATE suppressions SET lifted_at = $3, lifted_reason = $2
WHERE alert_id IN (SELECT id FROM updated) AND lifted_at IS NULL
