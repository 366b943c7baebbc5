-- The first escalation of an incident, once. $1 incident id, $2 at
UPDATE slack_messages SET escalation_level = 1, escalated_at = $2 WHERE incident_id = $1 AND escalation_level = 0
RETURNING incident_id
