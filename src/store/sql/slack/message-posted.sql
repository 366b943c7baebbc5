-- The incident's top message exists. $1 incident id, $2 ts, $3 posted_at, $4 rendered_at (edits made before it are in it)
UPDATE slack_messages SET ts = $2, posted_at = $3,
  dirty_since = CASE WHEN dirty_since IS NOT NULL AND dirty_since > $4::timestamptz THEN dirty_since ELSE NULL END,
  update_due_at = CASE WHEN dirty_since IS NOT NULL AND dirty_since > $4::timestamptz THEN update_due_at ELSE NULL END
WHERE incident_id = $1 AND ts IS NULL
