-- Silences (maintenance windows) that are in force at some time in [$1, $2). $1 = from, $2 = to (timestamptz).
SELECT s.id, s.matchers, s.starts_at, s.ends_at, s.comment, s.created_by
FROM silences s
WHERE s.starts_at < $2::timestamptz AND s.ends_at > $1::timestamptz
ORDER BY s.starts_at, s.id
