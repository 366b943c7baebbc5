-- The incident's state changed: its top message needs an edit, batched with whatever else changes until $3.
-- $1 incident id, $2 now, $3 earliest edit
UPDATE slack_messages SET dirty_since = coalesce(dirty_since, $2), update_due_at = coalesce(update_due_at, $3)
WHERE incident_id = $1
