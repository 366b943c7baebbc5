-- An update in an incident's thread, in one statement that returns nothing (triage says one for each alert joining
-- an incident, under its lock, and sends it without waiting, Db.execute): the top message is marked for an edit, or
-- created marked when the incident has none yet, along with the outbox row that posts it, as slack/ensure-message,
-- slack/enqueue and slack/mark-dirty do; the reply is queued once per dedupe key.
-- $1 incident id, $2 dedupe key, $3 text, $4 the reply's due time, $5 now, $6 earliest edit, $7 channel.
WITH message AS (
  INSERT INTO slack_messages (incident_id, channel, dirty_since, update_due_at) VALUES ($1, $7, $5, $6)
  ON CONFLICT (incident_id) DO UPDATE
    SET dirty_since = coalesce(slack_messages.dirty_since, $5), update_due_at = coalesce(slack_messages.update_due_at, $6)
  RETURNING incident_id, (xmax = 0) AS created
), posted AS (
  INSERT INTO slack_outbox (dedupe_key, incident_id, kind, channel, user_id, text, blocks, due_at, created_at)
  SELECT 'incident:' || incident_id, incident_id, 'incident', NULL, NULL, '', NULL, $5, $5 FROM message WHERE created
  ON CONFLICT (dedupe_key) DO NOTHING
)
INSERT INTO slack_outbox (dedupe_key, incident_id, kind, channel, user_id, text, blocks, due_at, created_at)
SELECT $2, incident_id, 'thread', NULL, NULL, $3, NULL, $4, $5 FROM message
ON CONFLICT (dedupe_key) DO NOTHING
