-- False-positive and true-positive verdicts per alert rule, the rules with the most verdicts first; verdicts on
-- drill alerts do not count. $1 = the most rules to return (bounded label values on /metrics).
SELECT v.rule,
       count(*) FILTER (WHERE v.verdict = 'false_positive')::int AS false_positives,
       count(*) FILTER (WHERE v.verdict = 'true_positive')::int AS true_positives
FROM verdicts v
LEFT JOIN alerts a ON a.id = v.alert_id
WHERE coalesce(v.labels ->> 'firebreak_drill', a.labels ->> 'firebreak_drill', 'false') <> 'true'
GROUP BY v.rule
ORDER BY count(*) DESC, v.rule
LIMIT $1
