-- Changes on a service shortly before (and during) an incident, newest first. $1 service, $2 from, $3 to
SELECT kind, version, environment, at, author, description, url
FROM change_events WHERE service = $1 AND at >= $2 AND at <= $3
ORDER BY at DESC LIMIT 5
