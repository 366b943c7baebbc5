-- The incident as its Slack message shows it. $1 incident id
SELECT id, origin, title, service, environment, status, severity, lead, declared_by, symptom, impact, root_cause,
       category, impact_started_at, detected_at, acknowledged_at, mitigated_at, resolved_at, created_at, playbook_id,
       playbooks, similar_incidents, evidence, drill
FROM incidents WHERE id = $1
