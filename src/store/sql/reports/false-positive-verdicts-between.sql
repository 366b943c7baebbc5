-- False-positive verdicts given in [$1, $2), one line per rule, with the rule's rate over every verdict up to $2:
-- the rules to look at again in the daily review. $1 = from, $2 = to (timestamptz).
SELECT v.rule,
       count(*) FILTER (WHERE v.at >= $1::timestamptz)::int AS new_false_positives,
       string_agg(DISTINCT v.by, ', ') FILTER (WHERE v.at >= $1::timestamptz) AS by,
       (SELECT count(*)::int FROM verdicts w WHERE w.rule = v.rule AND w.at < $2::timestamptz AND w.verdict = 'false_positive') AS false_positives,
       (SELECT count(*)::int FROM verdicts w WHERE w.rule = v.rule AND w.at < $2::timestamptz) AS verdicts
FROM verdicts v
LEFT JOIN alerts a ON a.id = v.alert_id
WHERE v.verdict = 'false_positive' AND v.at >= $1::timestamptz AND v.at < $2::timestamptz
  AND coalesce(v.labels ->> 'firebreak_drill', a.labels ->> 'firebreak_drill', 'false') <> 'true'
GROUP BY v.rule
ORDER BY new_false_positives DESC, v.rule
