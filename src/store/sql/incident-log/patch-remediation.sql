-- Sets the fields present in a JSON patch. $1 bigint remediation id, $2 jsonb patch
-- ({title, owner, due, status, verified, verified_by, verified_at, done_at, done_by})
UPDATE remediations SET
  title = CASE WHEN $2::jsonb ? 'title' THEN $2::jsonb ->> 'title' ELSE title END,
  owner = CASE WHEN $2::jsonb ? 'owner' THEN $2::jsonb ->> 'owner' ELSE owner END,
  due = CASE WHEN $2::jsonb ? 'due' THEN ($2::jsonb ->> 'due')::date ELSE due END,
  status = CASE WHEN $2::jsonb ? 'status' THEN $2::jsonb ->> 'status' ELSE status END,
  verified = CASE WHEN $2::jsonb ? 'verified' THEN ($2::jsonb ->> 'verified')::boolean ELSE verified END,
  verified_by = CASE WHEN $2::jsonb ? 'verified_by' THEN $2::jsonb ->> 'verified_by' ELSE verified_by END,
  verified_at = CASE WHEN $2::jsonb ? 'verified_at' THEN ($2::jsonb ->> 'verified_at')::timestamptz ELSE verified_at END,
  done_at = CASE WHEN $2::jsonb ? 'done_at' THEN ($2::jsonb ->> 'done_at')::timestamptz ELSE done_at END,
  done_by = CASE WHEN $2::jsonb ? 'done_by' THEN $2::jsonb ->> 'done_by' ELSE done_by END
WHERE id = $1
RETURNING id, incident_id, title, owner, due, status, verified, verified_by, verified_at, done_at, done_by, created_at
