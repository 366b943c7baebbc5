-- A reminder was queued for the lead. $1 incident id, $2 at
UPDATE slack_messages SET lead_reminded_at = $2 WHERE incident_id = $1
