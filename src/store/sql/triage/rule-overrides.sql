-- The overrides in force on a rule at a time: the latest of each kind recorded at or before it and not revoked
-- by then (an override revoked later still applies to a replay of that time).
-- $1 source, $2 rule, $3 at.
SELECT DISTINCT ON (kind) kind, hold_s, reason, created_by, created_at
FROM rule_overrides o
WHERE source = $1 AND rule = $2 AND created_at <= $3
  AND NOT EXISTS (SELECT 1 FROM rule_override_revocations r WHERE r.override_id = o.id AND r.revoked_at <= $3)
ORDER BY kind, created_at DESC, id DESC
