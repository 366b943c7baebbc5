-- Suppresses an alert with a reason, records the suppression and appends the decision's trace entries.
-- $1 id, $2 reason, $3 detail, $4 at, $5 trace entries (jsonb array).
WITH updated AS (
  UPDATE alerts SET suppressed = $2, held_until = NULL, decided_at = $4, trace = trace || $5::jsonb WHERE id = $1 RETURNING id
)
INSERT INTO suppressions (alert_id, reason, detail, at) SELECT id, $2, $3, $4 FROM updated
