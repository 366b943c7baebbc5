-- Verdict counts on a rule before a time. $1 source, $2 rule, $3 before.
SELECT count(*) FILTER (WHERE verdict = 'false_positive')::int AS false_positives,
       count(*) FILTER (WHERE verdict = 'true_positive')::int AS true_positives
FROM verdicts WHERE (source = $1 OR source IS NULL) AND rule = $2 AND at < $3
