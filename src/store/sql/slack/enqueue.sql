-- Something to say in Slack, once per dedupe key. $1 dedupe_key, $2 incident_id, $3 kind, $4 channel, $5 user_id,
-- $6 text, $7 blocks (jsonb), $8 due_at, $9 created_at
INSERT INTO slack_outbox (dedupe_key, incident_id, kind, channel, user_id, text, blocks, due_at, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
ON CONFLICT (dedupe_key) DO NOTHING
RETURNING id
