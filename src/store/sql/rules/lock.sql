-- One rule override, locked for its revocation, with its revocation if any and the incident of its run. $1 id
SELECT o.id, o.source, o.rule, o.kind, o.hold_s, o.reason, o.created_by, o.created_at, o.action_run_id,
       a.incident_id, r.revoked_by, r.revoked_at, r.note AS revoke_note
FROM rule_overrides o
LEFT JOIN rule_override_revocations r ON r.override_id = o.id
LEFT JOIN action_runs a ON a.id = o.action_run_id
WHERE o.id = $1
FOR UPDATE OF o
