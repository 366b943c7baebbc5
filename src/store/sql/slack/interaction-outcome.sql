-- What handling an interaction gave. $1 key, $2 status (done|failed), $3 outcome
UPDATE slack_interactions SET status = $2, outcome = $3 WHERE key = $1
