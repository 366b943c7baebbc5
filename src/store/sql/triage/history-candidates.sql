-- Past incidents sharing a service or playbook with the query, or matching its words.
-- $1 services (text[]), $2 playbook ids (text[]), $3 tsquery text ('' for none), $4 excluded id, $5 limit.
-- firebreak: planned per call
WITH q AS (SELECT CASE WHEN $3 = '' THEN NULL ELSE to_tsquery('english', $3) END AS query)
SELECT i.id, i.title, i.service, i.category, i.playbook_id, i.root_cause, i.symptom,
       COALESCE(i.impact_started_at, i.detected_at, i.created_at) AS started_at,
       COALESCE(ts_rank_cd(i.search, q.query, 1), 0)::float8 AS text_score
FROM incidents i, q
WHERE i.id <> $4 AND i.status IN ('resolved', 'false_positive')
  AND (lower(i.service) = ANY ($1) OR i.playbook_id = ANY ($2) OR (q.query IS NOT NULL AND i.search @@ q.query))
ORDER BY text_score DESC, i.id
LIMIT $5
