-- The similar incidents triage stored on an incident ([{id, score, why}] best first), with what they were.
-- $1 text incident id
SELECT s.value ->> 'id' AS id, (s.value ->> 'score')::float8 AS score, s.value ->> 'why' AS why,
       o.title, o.status, o.severity, o.service, o.category, o.root_cause,
       coalesce(o.impact_started_at, o.detected_at, o.created_at) AS started_at
FROM incidents i
CROSS JOIN LATERAL jsonb_array_elements(i.similar_incidents) WITH ORDINALITY AS s (value, ord)
JOIN incidents o ON o.id = s.value ->> 'id'
WHERE i.id = $1
ORDER BY s.ord
