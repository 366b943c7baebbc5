-- One incident. $1 id.
-- Only the columns triage reads: evidence, playbooks and the search vector stay in the store.
SELECT id, title, service, status, severity, playbook_id, entities, created_at, last_alert_at,
       notified_at, drill, alert_count
FROM incidents WHERE id = $1
