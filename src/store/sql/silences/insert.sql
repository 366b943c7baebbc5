-- Adds a silence. $1 matchers (jsonb), $2 starts_at, $3 ends_at, $4 comment, $5 created_by, $6 created_at.
INSERT INTO silences (matchers, starts_at, ends_at, comment, created_by, created_at)
VALUES ($1, $2, $3, $4, $5, $6)
RETURNING id, matchers, starts_at, ends_at, comment, created_by, created_at
