-- The message of a claim was posted. $1 claim token, $2 ts, $3 sent_at
UPDATE slack_outbox SET status = 'sent', ts = $2, sent_at = $3, claimed_until = NULL, last_error = NULL
WHERE claim_token = $1 AND status = 'sending'
RETURNING id
