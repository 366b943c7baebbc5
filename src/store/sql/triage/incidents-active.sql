-- Incidents still open or mitigated whose last alert came at or after a time. $1 since.
-- Only the columns triage reads: evidence, playbooks and the search vector stay in the store.
SELECT id, title, service, status, severity, playbook_id, entities, created_at, last_alert_at,
       notified_at, drill, alert_count
FROM incidents WHERE status IN ('open', 'mitigated') AND last_alert_at >= $1 ORDER BY created_at, id
