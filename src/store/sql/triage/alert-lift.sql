-- Lifts an alert's suppression, keeping its record, and appends the trace entries saying so.
-- $1 id, $2 why, $3 at, $4 trace entries (jsonb array).
WITH updated AS (
  UPDATE alerts SET suppressed = NULL, decided_at = $3, trace = trace || $4::jsonb WHERE id = $1 AND suppressed IS NOT NULL RETURNING id
)
UPDATE suppressions SET lifted_at = $3, lifted_reason = $2
WHERE alert_id IN (SELECT id FROM updated) AND lifted_at IS NULL
