-- Records verdicts; a dedupe key seen before updates its verdict (the latest judgement wins) and an unchanged
-- one changes nothing. Returns one row per inserted or changed verdict.
-- $1 jsonb array of {dedupe_key, rule, source, alert_id, labels, title, verdict, by, at}
INSERT INTO verdicts (dedupe_key, rule, source, alert_id, labels, title, verdict, by, at)
SELECT v.dedupe_key, v.rule, v.source, v.alert_id, coalesce(v.labels, '{}'::jsonb), v.title, v.verdict, v.by, v.at
FROM jsonb_to_recordset($1::jsonb) AS v (dedupe_key text, rule text, source text, alert_id bigint, labels jsonb,
                                         title text, verdict text, by text, at timestamptz)
ON CONFLICT (dedupe_key) DO UPDATE SET verdict = EXCLUDED.verdict, by = EXCLUDED.by, at = EXCLUDED.at,
  rule = EXCLUDED.rule, title = EXCLUDED.title
WHERE (verdicts.verdict, verdicts.by, verdicts.at, verdicts.rule, verdicts.title)
      IS DISTINCT FROM (EXCLUDED.verdict, EXCLUDED.by, EXCLUDED.at, EXCLUDED.rule, EXCLUDED.title)
RETURNING id, dedupe_key, (xmax = 0) AS inserted
