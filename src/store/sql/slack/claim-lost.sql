-- Claims the outbox rows whose delivery outcome is unknown (a worker died, or the response was lost) so that one
-- worker looks them up by message metadata before anything is posted again. $1 now, $2 claimed until
UPDATE slack_outbox o SET claimed_until = $2
WHERE o.id IN (
  SELECT id FROM slack_outbox WHERE status = 'sending' AND claimed_until < $1 ORDER BY id LIMIT 50 FOR UPDATE SKIP LOCKED
)
RETURNING o.id, o.dedupe_key, o.incident_id, o.kind, o.channel, o.user_id, o.text, o.blocks, o.claim_token, o.attempts, o.created_at
