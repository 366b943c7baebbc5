-- The incident's Slack message record, created once. $1 incident id, $2 channel
INSERT INTO slack_messages (incident_id, channel) VALUES ($1, $2) ON CONFLICT (incident_id) DO NOTHING
