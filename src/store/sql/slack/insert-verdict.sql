-- A human verdict on an alert's rule, once per dedupe key. $1 dedupe_key, $2 rule, $3 source, $4 alert_id,
-- $5 labels (jsonb), $6 title, $7 verdict, $8 by, $9 at
INSERT INTO verdicts (dedupe_key, rule, source, alert_id, labels, title, verdict, by, at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
ON CONFLICT (dedupe_key) DO NOTHING
RETURNING id
