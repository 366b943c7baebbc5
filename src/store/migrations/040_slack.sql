-- Slack (issue 6): the incident message, the outbox that delivers to Slack exactly once, and the interactions
-- received from Slack. All state is here, never in memory, so a retried job or a second worker never posts twice.

-- One top message per incident, and the practice's clocks around it (lead updates, escalation).
CREATE TABLE slack_messages (
  incident_id text PRIMARY KEY REFERENCES incidents (id) ON DELETE CASCADE,
  channel text NOT NULL,
  ts text,                                       -- the top message's ts once posted
  posted_at timestamptz,
  dirty_since timestamptz,                       -- the state changed: the top message needs an edit
  update_due_at timestamptz,                     -- earliest next edit (batching a burst, backoff after errors)
  update_claimed_until timestamptz,              -- a worker is editing it until then
  lead_since timestamptz,                        -- when the current lead took the incident
  lead_checked_at timestamptz,                   -- last look at the thread for the lead's own updates
  lead_reminded_at timestamptz,
  escalation_level integer NOT NULL DEFAULT 0,   -- 0 none, 1 first group mentioned, 2 escalated again
  escalated_at timestamptz
);

-- What must be said in Slack. A row is claimed with SKIP LOCKED, sent, then marked; a claim whose worker died
-- is looked up by its message metadata (claim_token) before anything is posted again.
CREATE TABLE slack_outbox (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dedupe_key text NOT NULL UNIQUE,
  incident_id text REFERENCES incidents (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('incident', 'thread', 'direct', 'ephemeral')),
  channel text,                                  -- direct: the user id; ephemeral: the channel; else the incident's
  user_id text,                                  -- ephemeral: who sees it
  text text NOT NULL DEFAULT '',
  blocks jsonb,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  due_at timestamptz NOT NULL,
  claim_token text,
  claimed_until timestamptz,
  last_error text,
  ts text,
  created_at timestamptz NOT NULL,
  sent_at timestamptz
);
CREATE INDEX slack_outbox_due_idx ON slack_outbox (status, due_at);
CREATE INDEX slack_outbox_claim_idx ON slack_outbox (claim_token);

-- Interactions (buttons, modals) as received, keyed so that a Slack retry (X-Slack-Retry-Num) or a replay is
-- recorded once; the worker handles each row once.
CREATE TABLE slack_interactions (
  key text PRIMARY KEY,
  received_at timestamptz NOT NULL,
  user_id text NOT NULL,
  kind text NOT NULL,
  payload jsonb NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
  outcome text,
  handled_at timestamptz
);
CREATE INDEX slack_interactions_pending_idx ON slack_interactions (status, received_at);
