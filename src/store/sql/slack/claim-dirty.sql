-- Claims top messages due for an edit. $1 now, $2 claimed until
UPDATE slack_messages m SET update_claimed_until = $2, dirty_since = NULL
WHERE m.incident_id IN (
  SELECT incident_id FROM slack_messages
  WHERE dirty_since IS NOT NULL AND ts IS NOT NULL AND update_due_at <= $1
    AND (update_claimed_until IS NULL OR update_claimed_until < $1)
  ORDER BY update_due_at LIMIT 20 FOR UPDATE SKIP LOCKED
)
RETURNING m.incident_id, m.channel, m.ts
