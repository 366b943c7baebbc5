-- The incident log, newest first by start (impact start, else detection, else creation).
-- $1 text[] statuses or null, $2 timestamptz started at or after, or null, $3 text service or null,
-- $4 text[] severities or null, $5 text origin or null, $6 int limit or null (all), $7 timestamptz started before, or null
SELECT i.id, i.origin, i.title, i.service, i.environment, i.status, i.severity, i.lead, i.category,
       i.impact_started_at, i.detected_at, i.acknowledged_at, i.mitigated_at, i.resolved_at,
       i.playbook_id, i.tags, i.drill, i.hotfix, i.rollback, i.created_at, i.updated_at,
       (SELECT count(*)::int FROM alerts a WHERE a.incident_id = i.id) AS alert_count
FROM incidents i
WHERE ($1::text[] IS NULL OR i.status = ANY ($1::text[]))
  AND ($2::timestamptz IS NULL OR coalesce(i.impact_started_at, i.detected_at, i.created_at) >= $2::timestamptz)
  AND ($3::text IS NULL OR i.service = $3::text)
  AND ($4::text[] IS NULL OR i.severity = ANY ($4::text[]))
  AND ($5::text IS NULL OR i.origin = $5::text)
  AND ($7::timestamptz IS NULL OR coalesce(i.impact_started_at, i.detected_at, i.created_at) < $7::timestamptz)
ORDER BY coalesce(i.impact_started_at, i.detected_at, i.created_at) DESC, i.id DESC
LIMIT $6::int
