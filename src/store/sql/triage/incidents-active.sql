-- Incidents still open or mitigated whose last alert came at or after a time. $1 since.
SELECT * FROM incidents WHERE status IN ('open', 'mitigated') AND last_alert_at >= $1 ORDER BY created_at, id
