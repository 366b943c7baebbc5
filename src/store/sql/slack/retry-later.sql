-- A claim certainly not delivered (429, or looked up and not found): back to pending. $1 claim token, $2 due_at,
-- $3 last_error
UPDATE slack_outbox SET status = 'pending', due_at = $2, last_error = $3, claim_token = NULL, claimed_until = NULL
WHERE claim_token = $1 AND status = 'sending'
