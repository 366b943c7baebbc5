-- Verdict counts on a rule before a time. $1 source, $2 rule, $3 before.
-- Past incidents of the imported history that name the rule (a phrase of its words in their title, symptom or root
-- cause, through the full-text index) count as verdicts too: one closed as a false positive is a false-positive
-- verdict that nobody recorded on the rule, one resolved is a true positive. Firebreak's own incidents are left
-- out: closing one as a false positive already records a verdict.
WITH named AS (
  SELECT count(*) FILTER (WHERE i.status = 'false_positive')::int AS false_positives,
         count(*) FILTER (WHERE i.status = 'resolved')::int AS true_positives
  FROM incidents i, phraseto_tsquery('english', $2) AS q
  WHERE numnode(q) > 0 AND i.origin = 'imported' AND i.search @@ q
    AND COALESCE(i.detected_at, i.impact_started_at, i.created_at) < $3
)
SELECT count(*) FILTER (WHERE v.verdict = 'false_positive')::int AS false_positives,
       count(*) FILTER (WHERE v.verdict = 'true_positive')::int AS true_positives,
       (SELECT false_positives FROM named) AS past_false_positives,
       (SELECT true_positives FROM named) AS past_true_positives
FROM verdicts v WHERE (v.source = $1 OR v.source IS NULL) AND v.rule = $2 AND v.at < $3
