-- An edit of the top message finished. $1 incident id, $2 next due when dirty again meanwhile (or on failure),
-- $3 failed (boolean)
UPDATE slack_messages SET update_claimed_until = NULL,
  dirty_since = CASE WHEN $3::boolean THEN coalesce(dirty_since, now()) ELSE dirty_since END,
  update_due_at = CASE WHEN $3::boolean OR dirty_since IS NOT NULL THEN $2::timestamptz ELSE NULL END
WHERE incident_id = $1
