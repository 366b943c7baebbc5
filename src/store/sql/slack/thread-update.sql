-- An update in the thread of an incident that has its Slack message (posted or about to be), in one statement
-- (triage says one for each alert joining an incident, under its lock): the reply is queued once per dedupe key and
-- the top message marked for an edit, as slack/enqueue and slack/mark-dirty do. Nothing is written for an incident
-- without a message. $1 incident id, $2 dedupe key, $3 text, $4 the reply's due time, $5 now, $6 earliest edit.
WITH message AS (
  SELECT incident_id FROM slack_messages WHERE incident_id = $1
), queued AS (
  INSERT INTO slack_outbox (dedupe_key, incident_id, kind, channel, user_id, text, blocks, due_at, created_at)
  SELECT $2, incident_id, 'thread', NULL, NULL, $3, NULL, $4, $5 FROM message
  ON CONFLICT (dedupe_key) DO NOTHING
), dirty AS (
  UPDATE slack_messages SET dirty_since = coalesce(dirty_since, $5), update_due_at = coalesce(update_due_at, $6)
  WHERE incident_id = $1
)
SELECT EXISTS (SELECT 1 FROM message) AS has_message
