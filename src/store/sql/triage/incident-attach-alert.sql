-- An alert joins an incident, in one statement (atomic without a transaction's extra round trips): the alert is
-- linked, any hold ends and the decision's trace entries are appended; the incident's last alert time moves forward
-- (never back; a mitigated incident opens again) and its alert count grows unless the alert was already attached
-- (a retried job); the timeline says so. Returns the incident's alert count, which triage does not wait for: it
-- sends this without waiting (Db.execute) and counts from the incident it read.
-- $1 alert id, $2 incident id, $3 at, $4 actor, $5 summary, $6 detail, $7 trace entries (jsonb array).
WITH previous AS (
  SELECT incident_id FROM alerts WHERE id = $1
), attached AS (
  UPDATE alerts SET incident_id = $2, held_until = NULL, trace = trace || $7::jsonb WHERE id = $1
  RETURNING (SELECT incident_id FROM previous) IS DISTINCT FROM $2 AS newly
), touched AS (
  UPDATE incidents SET last_alert_at = GREATEST(last_alert_at, $3::timestamptz), updated_at = $3::timestamptz,
                       status = CASE WHEN status = 'mitigated' THEN 'open' ELSE status END,
                       alert_count = alert_count + (SELECT count(*) FROM attached WHERE newly)::int
  WHERE id = $2 RETURNING id, alert_count
), entry AS (
  INSERT INTO timeline (incident_id, at, actor, kind, summary, detail)
  SELECT id, $3::timestamptz, $4, 'alert-attached', $5, $6::jsonb FROM touched
)
SELECT alert_count FROM touched
