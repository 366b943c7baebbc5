-- The incident an alert belongs to, as `firebreak explain` shows it. $1 incident id.
SELECT id, title, status, severity, service, playbook_id, created_at, notified_at, escalated_at FROM incidents WHERE id = $1
