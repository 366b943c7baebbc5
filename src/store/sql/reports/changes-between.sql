-- Change events (deploys, hotfixes, rollbacks, config) dated in [$1, $2): the day's planned and done changes.
-- $1 = from, $2 = to (timestamptz).
SELECT c.id, c.service, c.kind, c.version, c.environment, c.at, c.author, c.description
FROM change_events c
WHERE c.at >= $1::timestamptz AND c.at < $2::timestamptz
ORDER BY c.at, c.id
