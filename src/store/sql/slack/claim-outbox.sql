-- Claims due outbox rows for one worker (SKIP LOCKED: workers never take the same row). Thread rows wait for the
-- incident's top message. Rows that will be posted as one message share a claim token: a thread's rows of one
-- incident are batched, in the order they will be said (the started notice, the draft, then by id), and only as
-- many as fit in $5 characters of text (the first always): the rest wait for the next round instead of being cut
-- off the message. A thread row is due when it is, or when an older row of its thread is: once the oldest is due,
-- what was said in the thread since goes out with it (a row never tried yet; a row put back after a 429 keeps its
-- own time), so a steady stream of updates makes one reply per batch window, not one per update.
-- $1 now, $2 limit, $3 token prefix, $4 claimed until, $5 largest thread text
WITH due AS (
  SELECT c.id, c.kind, c.incident_id, c.dedupe_key, length(c.text) + 1 AS size
  FROM slack_outbox c LEFT JOIN slack_messages m ON m.incident_id = c.incident_id
  WHERE c.status = 'pending' AND (c.kind <> 'thread' OR m.ts IS NOT NULL)
    AND (c.due_at <= $1
         OR (c.kind = 'thread' AND c.attempts = 0
             AND EXISTS (SELECT 1 FROM slack_outbox o WHERE o.incident_id = c.incident_id AND o.kind = 'thread'
                           AND o.status = 'pending' AND o.due_at <= $1 AND o.id < c.id)))
  ORDER BY c.id LIMIT $2
  FOR UPDATE OF c SKIP LOCKED
), said AS (
  SELECT id, kind,
    sum(size) OVER turn AS running,
    row_number() OVER turn AS place
  FROM due
  WINDOW turn AS (
    PARTITION BY incident_id, kind
    ORDER BY CASE WHEN dedupe_key LIKE 'started:%' THEN 0 WHEN dedupe_key LIKE 'draft:%' THEN 1 ELSE 2 END, id
  )
)
UPDATE slack_outbox o
SET status = 'sending', attempts = o.attempts + 1, claimed_until = $4,
    claim_token = CASE WHEN o.kind = 'thread' THEN $3 || ':t:' || o.incident_id ELSE $3 || ':' || o.id END
WHERE o.id IN (SELECT id FROM said WHERE kind <> 'thread' OR place = 1 OR running <= $5)
RETURNING o.id, o.dedupe_key, o.incident_id, o.kind, o.channel, o.user_id, o.text, o.blocks, o.claim_token, o.attempts, o.created_at
