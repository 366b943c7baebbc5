-- A claim that cannot succeed (Slack refused it for good, or too many attempts). $1 claim token, $2 last_error
UPDATE slack_outbox SET status = 'failed', last_error = $2, claimed_until = NULL WHERE claim_token = $1 AND status = 'sending'
