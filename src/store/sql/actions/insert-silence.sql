-- A silence created by an approved rule change. $1 matchers (jsonb), $2 starts_at, $3 ends_at, $4 comment, $5 created_by
INSERT INTO silences (matchers, starts_at, ends_at, comment, created_by) VALUES ($1, $2, $3, $4, $5)
RETURNING id
