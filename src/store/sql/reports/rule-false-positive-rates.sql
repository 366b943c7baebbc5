-- False-positive rate per alert rule from the human verdicts given up to $1 (drill alerts left out), the worst
-- first, then the most judged. $1 = report time (timestamptz).
SELECT v.rule,
       count(*) FILTER (WHERE v.verdict = 'false_positive')::int AS false_positives,
       count(*) FILTER (WHERE v.verdict = 'true_positive')::int AS true_positives
FROM verdicts v
LEFT JOIN alerts a ON a.id = v.alert_id
WHERE v.at <= $1::timestamptz
  AND coalesce(v.labels ->> 'firebreak_drill', a.labels ->> 'firebreak_drill', 'false') <> 'true'
GROUP BY v.rule
ORDER BY count(*) FILTER (WHERE v.verdict = 'false_positive')::float8 / count(*) DESC, count(*) DESC, v.rule
