-- Changes in a window, newest first. $1 timestamptz from, $2 timestamptz to, $3 text service or null
SELECT id, service, kind, version, environment, at, author, description, url, received_at
FROM change_events
WHERE at >= $1::timestamptz AND at <= $2::timestamptz AND ($3::text IS NULL OR service = $3::text)
ORDER BY at DESC, id DESC
