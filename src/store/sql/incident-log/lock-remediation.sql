-- A remediation, locked until the transaction ends. $1 bigint remediation id
SELECT id, incident_id, title, owner, due, status, verified, verified_by, verified_at, done_at, done_by, created_at
FROM remediations WHERE id = $1 FOR UPDATE
