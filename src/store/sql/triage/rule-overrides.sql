-- The overrides in force on a rule at a time: the latest of each kind recorded at or before it.
-- $1 source, $2 rule, $3 at.
SELECT DISTINCT ON (kind) kind, hold_s, reason, created_by, created_at
FROM rule_overrides WHERE source = $1 AND rule = $2 AND created_at <= $3
ORDER BY kind, created_at DESC, id DESC
