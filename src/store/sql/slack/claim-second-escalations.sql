-- Critical incidents escalated at level 1 that nobody acknowledged in time: escalate again, once.
-- $1 now, $2 escalated before
UPDATE slack_messages m SET escalation_level = 2, escalated_at = $1
FROM incidents i
WHERE i.id = m.incident_id AND m.escalation_level = 1 AND m.escalated_at <= $2
  AND i.acknowledged_at IS NULL AND i.status = 'open'
RETURNING m.incident_id
