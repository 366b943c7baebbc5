-- An interaction as received; a Slack retry or a replay of the same click is recorded once.
-- $1 key, $2 received_at, $3 user_id, $4 kind, $5 payload (jsonb)
INSERT INTO slack_interactions (key, received_at, user_id, kind, payload) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (key) DO NOTHING
RETURNING key
