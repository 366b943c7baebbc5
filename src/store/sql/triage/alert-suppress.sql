-- Suppresses an alert with a reason and records the suppression. $1 id, $2 reason, $3 detail, $4 at.
WITH updated AS (
  UPDATE alerts SET suppressed = $2, held_until = NULL, decided_at = $4 WHERE id = $1 RETURNING id
)
INSERT INTO suppressions (alert_id, reason, detail, at) SELECT id, $2, $3, $4 FROM updated
