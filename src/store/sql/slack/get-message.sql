-- The incident's Slack message record. $1 incident id
SELECT incident_id, channel, ts, lead_since, escalation_level, escalated_at FROM slack_messages WHERE incident_id = $1
