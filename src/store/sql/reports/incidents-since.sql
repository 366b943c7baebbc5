-- Incidents detected or recorded, or paged, in [$1, $2): what happened since the last daily review, drills
-- included and flagged. $1 = from, $2 = to (timestamptz).
SELECT i.id, i.title, i.severity, i.status, i.service, i.lead, (i.drill OR i.origin = 'drill') AS drill,
       coalesce(i.detected_at, i.impact_started_at, i.created_at) AS happened_at, i.notified_at, i.escalated_at, i.acknowledged_at, i.resolved_at
FROM incidents i
WHERE ((coalesce(i.detected_at, i.impact_started_at, i.created_at) >= $1::timestamptz AND coalesce(i.detected_at, i.impact_started_at, i.created_at) < $2::timestamptz)
    OR (i.notified_at >= $1::timestamptz AND i.notified_at < $2::timestamptz)
    OR (i.escalated_at >= $1::timestamptz AND i.escalated_at < $2::timestamptz))
ORDER BY happened_at, i.id
