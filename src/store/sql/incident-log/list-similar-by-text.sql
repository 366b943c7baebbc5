-- Past incidents that read like this one (title trigrams, shared words, same service), for an incident that
-- triage has not compared yet (an imported or declared one). $1 text incident id, $2 int how many
SELECT o.id, o.title, o.status, o.severity, o.service, o.category, o.root_cause,
       coalesce(o.impact_started_at, o.detected_at, o.created_at) AS started_at,
       round((similarity(o.title, i.title)
              + ts_rank(o.search, plainto_tsquery('english', i.title))
              + CASE WHEN o.service = i.service THEN 0.2 ELSE 0 END)::numeric, 3)::float8 AS score
FROM incidents i
JOIN incidents o ON o.id <> i.id
 AND coalesce(o.impact_started_at, o.detected_at, o.created_at) <= coalesce(i.impact_started_at, i.detected_at, i.created_at)
 AND (o.title % i.title OR o.search @@ plainto_tsquery('english', i.title) OR o.service = i.service)
WHERE i.id = $1
ORDER BY score DESC, o.id
LIMIT $2::int
