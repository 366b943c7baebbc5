-- A change posted by CI/CD; a redelivery (same dedupe key) changes nothing and returns the first row.
-- $1 text dedupe_key, $2 text service, $3 text kind, $4 text version, $5 text environment, $6 timestamptz at,
-- $7 text author, $8 text description, $9 text url, $10 timestamptz received_at
WITH inserted AS (
  INSERT INTO change_events (dedupe_key, service, kind, version, environment, at, author, description, url, received_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
  ON CONFLICT (dedupe_key) DO NOTHING
  RETURNING id, true AS created
)
SELECT id, created FROM inserted
UNION ALL
SELECT id, false AS created FROM change_events WHERE dedupe_key = $1 AND NOT EXISTS (SELECT 1 FROM inserted)
