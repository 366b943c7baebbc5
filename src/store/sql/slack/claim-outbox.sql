-- Claims due outbox rows for one worker (SKIP LOCKED: workers never take the same row). Thread rows wait for the
-- incident's top message. Rows that will be posted as one message share a claim token: a thread's rows of one
-- incident are batched. $1 now, $2 limit, $3 token prefix, $4 claimed until
UPDATE slack_outbox o
SET status = 'sending', attempts = o.attempts + 1, claimed_until = $4,
    claim_token = CASE WHEN o.kind = 'thread' THEN $3 || ':t:' || o.incident_id ELSE $3 || ':' || o.id END
WHERE o.id IN (
  SELECT c.id FROM slack_outbox c LEFT JOIN slack_messages m ON m.incident_id = c.incident_id
  WHERE c.status = 'pending' AND c.due_at <= $1 AND (c.kind <> 'thread' OR m.ts IS NOT NULL)
  ORDER BY c.id LIMIT $2
  FOR UPDATE OF c SKIP LOCKED
)
RETURNING o.id, o.dedupe_key, o.incident_id, o.kind, o.channel, o.user_id, o.text, o.blocks, o.claim_token, o.attempts, o.created_at
