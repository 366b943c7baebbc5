-- Incidents closed as false positives in [$1, $2) (last changed then): paged for nothing, to look at again.
-- $1 = from, $2 = to (timestamptz).
SELECT i.id, i.title, i.service, i.updated_at AS closed_at, (i.drill OR i.origin = 'drill') AS drill,
       (SELECT string_agg(DISTINCT a.rule, ', ') FROM alerts a WHERE a.incident_id = i.id) AS rules
FROM incidents i
WHERE i.status = 'false_positive' AND i.updated_at >= $1::timestamptz AND i.updated_at < $2::timestamptz
ORDER BY i.updated_at, i.id
