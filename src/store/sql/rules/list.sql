-- Rule overrides with their revocation, the incident of the run that made them, and whether each is in force at
-- $1: the latest of its kind on its (source, rule) recorded at or before $1 and not revoked by then, as
-- triage/rule-overrides reads it. $1 at, $2 every override (true) or only those in force (false).
SELECT o.id, o.source, o.rule, o.kind, o.hold_s, o.reason, o.created_by, o.created_at, o.action_run_id,
       a.incident_id, r.revoked_by, r.revoked_at, r.note AS revoke_note, s.in_force
FROM rule_overrides o
LEFT JOIN rule_override_revocations r ON r.override_id = o.id
LEFT JOIN action_runs a ON a.id = o.action_run_id
CROSS JOIN LATERAL (
  SELECT o.created_at <= $1::timestamptz AND (r.revoked_at IS NULL OR r.revoked_at > $1) AND NOT EXISTS (
    SELECT 1 FROM rule_overrides n LEFT JOIN rule_override_revocations nr ON nr.override_id = n.id
    WHERE n.source = o.source AND n.rule = o.rule AND n.kind = o.kind AND n.created_at <= $1
      AND (n.created_at, n.id) > (o.created_at, o.id) AND (nr.revoked_at IS NULL OR nr.revoked_at > $1)
  ) AS in_force
) s
WHERE $2::boolean OR s.in_force
ORDER BY o.source, o.rule, o.kind, o.created_at DESC, o.id DESC
