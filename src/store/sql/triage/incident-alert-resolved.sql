-- An alert of an incident resolved, in one statement: the alert's trace says so, the timeline says so and, when
-- none of the incident's alerts fires any more, an open incident is marked mitigated and the timeline says that too.
-- $1 incident id, $2 at, $3 actor, $4 summary, $5 detail (jsonb), $6 alert id, $7 trace entries (jsonb array).
WITH traced AS (
  UPDATE alerts SET trace = trace || $7::jsonb WHERE id = $6
), resolved_entry AS (
  INSERT INTO timeline (incident_id, at, actor, kind, summary, detail)
  VALUES ($1, $2::timestamptz, $3, 'alert-resolved', $4, $5::jsonb)
), mitigated AS (
  UPDATE incidents SET status = 'mitigated', mitigated_at = COALESCE(mitigated_at, $2::timestamptz), updated_at = $2::timestamptz
  WHERE id = $1 AND status = 'open'
    AND NOT EXISTS (SELECT 1 FROM alerts WHERE incident_id = $1 AND status = 'firing')
  RETURNING id
)
INSERT INTO timeline (incident_id, at, actor, kind, summary, detail)
SELECT id, $2::timestamptz, $3, 'status-changed', 'All alerts resolved: marked mitigated', '{"status": "mitigated"}'::jsonb FROM mitigated
