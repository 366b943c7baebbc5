-- The fields a patch may change, with the row locked until the transaction ends (concurrent updates queue here).
-- $1 text incident id
SELECT id, title, service, environment, status, severity, lead, symptom, impact, root_cause, category,
       impact_started_at, detected_at, acknowledged_at, mitigated_at, resolved_at, tags, drill, hotfix, rollback
FROM incidents
WHERE id = $1
FOR UPDATE
