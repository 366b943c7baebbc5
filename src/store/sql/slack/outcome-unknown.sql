-- A claim whose post may or may not have happened (5xx, network): looked up by metadata at $2 before any retry.
-- $1 claim token, $2 look up at, $3 last_error
UPDATE slack_outbox SET claimed_until = $2, last_error = $3 WHERE claim_token = $1 AND status = 'sending'
