-- Drills started in [$1, $2): shown apart, flagged, never counted in the indicators. $1 = from, $2 = to.
SELECT i.id, i.title, i.status, i.severity, coalesce(i.detected_at, i.created_at) AS happened_at, i.acknowledged_at, i.resolved_at
FROM incidents i
WHERE (i.drill OR i.origin = 'drill')
  AND coalesce(i.detected_at, i.created_at) >= $1::timestamptz AND coalesce(i.detected_at, i.created_at) < $2::timestamptz
ORDER BY happened_at, i.id
