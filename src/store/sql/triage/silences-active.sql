-- Silences whose window contains a time. $1 at.
SELECT * FROM silences WHERE starts_at <= $1 AND ends_at > $1 ORDER BY id
