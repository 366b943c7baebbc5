-- Records a change event once. $1 dedupe_key, $2 service, $3 kind, $4 version, $5 environment, $6 at, $7 author,
-- $8 description, $9 url, $10 received_at.
INSERT INTO change_events (dedupe_key, service, kind, version, environment, at, author, description, url, received_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
ON CONFLICT (dedupe_key) DO NOTHING
