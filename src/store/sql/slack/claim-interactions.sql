-- Claims pending interactions for one worker; each is handled once. $1 now
UPDATE slack_interactions SET status = 'done', handled_at = $1
WHERE key IN (SELECT key FROM slack_interactions WHERE status = 'pending' ORDER BY received_at LIMIT 20 FOR UPDATE SKIP LOCKED)
RETURNING key, user_id, kind, payload
