-- Silences whose window ends after a time (all of them when $1 is null), soonest start first. $1 ends after.
SELECT id, matchers, starts_at, ends_at, comment, created_by, created_at
FROM silences WHERE $1::timestamptz IS NULL OR ends_at > $1::timestamptz
ORDER BY starts_at, id
