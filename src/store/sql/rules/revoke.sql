-- Revokes a rule override from $3 on; a second revocation of the same override adds nothing.
-- $1 override_id, $2 revoked_by, $3 revoked_at, $4 note
INSERT INTO rule_override_revocations (override_id, revoked_by, revoked_at, note)
VALUES ($1, $2, $3, $4)
ON CONFLICT (override_id) DO NOTHING
RETURNING override_id
