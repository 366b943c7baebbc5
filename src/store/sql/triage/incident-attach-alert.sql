-- An alert joins an incident, in one statement (atomic without a transaction's extra round trips): the alert is
-- linked and any hold ends, the incident's last alert time moves forward (never back; a mitigated incident opens
-- again), and the timeline says so. $1 alert id, $2 incident id, $3 at, $4 actor, $5 summary, $6 detail.
WITH attached AS (
  UPDATE alerts SET incident_id = $2, held_until = NULL WHERE id = $1 RETURNING id
), touched AS (
  UPDATE incidents SET last_alert_at = GREATEST(last_alert_at, $3::timestamptz), updated_at = $3::timestamptz,
                       status = CASE WHEN status = 'mitigated' THEN 'open' ELSE status END
  WHERE id = $2 RETURNING id
)
INSERT INTO timeline (incident_id, at, actor, kind, summary, detail)
SELECT $2, $3::timestamptz, $4, 'alert-attached', $5, $6::jsonb FROM touched
