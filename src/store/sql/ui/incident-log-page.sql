-- One page of the incident log for the web UI, filtered and sorted in SQL, with the total count.
-- $1 status, $2 severity, $3 service, $4 category, $5 lead (each text or null: no filter)
-- $6 from, $7 to (timestamptz or null), $8 text (websearch words or null), $9 text as an ILIKE pattern
-- $10 sort key (start | end | duration | severity | status | service | id), $11 direction (asc | desc)
-- $12 limit, $13 offset
WITH matched AS (
  SELECT i.*,
         coalesce(i.impact_started_at, i.detected_at, i.created_at) AS started_at,
         i.resolved_at AS ended_at,
         CASE i.severity WHEN 'minor' THEN 0 WHEN 'major' THEN 1 ELSE 2 END AS severity_rank
  FROM incidents i
  WHERE ($1::text IS NULL OR i.status = $1)
    AND ($2::text IS NULL OR i.severity = $2)
    AND ($3::text IS NULL OR i.service = $3)
    AND ($4::text IS NULL OR i.category = $4)
    AND ($5::text IS NULL OR i.lead = $5)
    AND ($6::timestamptz IS NULL OR coalesce(i.impact_started_at, i.detected_at, i.created_at) >= $6)
    AND ($7::timestamptz IS NULL OR coalesce(i.impact_started_at, i.detected_at, i.created_at) < $7)
    AND ($8::text IS NULL
         OR i.search @@ websearch_to_tsquery('english', $8)
         OR i.title ILIKE $9
         OR i.id ILIKE $9
         OR i.symptom ILIKE $9
         OR i.root_cause ILIKE $9)
), page AS (
  SELECT m.*, count(*) OVER ()::int AS total,
         extract(epoch FROM (m.ended_at - m.started_at))::float8 / 60 AS duration_minutes
  FROM matched m
  ORDER BY
    CASE WHEN $10 = 'start' AND $11 = 'asc' THEN m.started_at END ASC NULLS LAST,
    CASE WHEN $10 = 'start' AND $11 = 'desc' THEN m.started_at END DESC NULLS LAST,
    CASE WHEN $10 = 'end' AND $11 = 'asc' THEN m.ended_at END ASC NULLS LAST,
    CASE WHEN $10 = 'end' AND $11 = 'desc' THEN m.ended_at END DESC NULLS LAST,
    CASE WHEN $10 = 'duration' AND $11 = 'asc' THEN m.ended_at - m.started_at END ASC NULLS LAST,
    CASE WHEN $10 = 'duration' AND $11 = 'desc' THEN m.ended_at - m.started_at END DESC NULLS LAST,
    CASE WHEN $10 = 'severity' AND $11 = 'asc' THEN m.severity_rank END ASC,
    CASE WHEN $10 = 'severity' AND $11 = 'desc' THEN m.severity_rank END DESC,
    CASE WHEN $10 = 'status' AND $11 = 'asc' THEN m.status END ASC,
    CASE WHEN $10 = 'status' AND $11 = 'desc' THEN m.status END DESC,
    CASE WHEN $10 = 'service' AND $11 = 'asc' THEN m.service END ASC NULLS LAST,
    CASE WHEN $10 = 'service' AND $11 = 'desc' THEN m.service END DESC NULLS LAST,
    CASE WHEN $10 = 'id' AND $11 = 'asc' THEN m.id END ASC,
    CASE WHEN $10 = 'id' AND $11 = 'desc' THEN m.id END DESC,
    m.started_at DESC, m.id DESC
  LIMIT $12 OFFSET $13
)
SELECT p.id, p.title, p.status, p.severity, p.service, p.lead, p.category, p.started_at, p.ended_at,
       p.duration_minutes, p.symptom, p.root_cause, p.drill, p.total,
       coalesce((SELECT array_agg(c.action ORDER BY c.at) FROM countermeasures c WHERE c.incident_id = p.id), '{}') AS countermeasures,
       (SELECT count(*)::int FROM remediations r WHERE r.incident_id = p.id AND r.status <> 'cancelled') AS remediations_total,
       (SELECT count(*)::int FROM remediations r WHERE r.incident_id = p.id AND r.status = 'done') AS remediations_done,
       (SELECT count(*)::int FROM remediations r WHERE r.incident_id = p.id AND r.status IN ('open', 'in_progress') AND r.due < current_date) AS remediations_late
FROM page p
ORDER BY
  CASE WHEN $10 = 'start' AND $11 = 'asc' THEN p.started_at END ASC NULLS LAST,
  CASE WHEN $10 = 'start' AND $11 = 'desc' THEN p.started_at END DESC NULLS LAST,
  CASE WHEN $10 = 'end' AND $11 = 'asc' THEN p.ended_at END ASC NULLS LAST,
  CASE WHEN $10 = 'end' AND $11 = 'desc' THEN p.ended_at END DESC NULLS LAST,
  CASE WHEN $10 = 'duration' AND $11 = 'asc' THEN p.ended_at - p.started_at END ASC NULLS LAST,
  CASE WHEN $10 = 'duration' AND $11 = 'desc' THEN p.ended_at - p.started_at END DESC NULLS LAST,
  CASE WHEN $10 = 'severity' AND $11 = 'asc' THEN p.severity_rank END ASC,
  CASE WHEN $10 = 'severity' AND $11 = 'desc' THEN p.severity_rank END DESC,
  CASE WHEN $10 = 'status' AND $11 = 'asc' THEN p.status END ASC,
  CASE WHEN $10 = 'status' AND $11 = 'desc' THEN p.status END DESC,
  CASE WHEN $10 = 'service' AND $11 = 'asc' THEN p.service END ASC NULLS LAST,
  CASE WHEN $10 = 'service' AND $11 = 'desc' THEN p.service END DESC NULLS LAST,
  CASE WHEN $10 = 'id' AND $11 = 'asc' THEN p.id END ASC,
  CASE WHEN $10 = 'id' AND $11 = 'desc' THEN p.id END DESC,
  p.started_at DESC, p.id DESC
