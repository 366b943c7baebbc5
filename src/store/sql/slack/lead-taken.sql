-- The lead's update clock starts again. $1 incident id, $2 at
UPDATE slack_messages SET lead_since = $2, lead_reminded_at = NULL WHERE incident_id = $1
