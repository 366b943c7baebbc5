-- One incident, every column but the search vector. $1 text incident id
SELECT id, origin, title, service, environment, status, severity, lead, declared_by, symptom, impact, root_cause,
       category, impact_started_at, detected_at, acknowledged_at, mitigated_at, resolved_at, notified_at,
       escalated_at, playbook_id, playbooks, similar_incidents, evidence, tags, drill, hotfix, rollback,
       created_at, updated_at
FROM incidents
WHERE id = $1
