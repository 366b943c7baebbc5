-- An alert joined: the incident's last alert time moves forward (never back). $1 id, $2 at.
UPDATE incidents SET last_alert_at = GREATEST(last_alert_at, $2), updated_at = $2,
                     status = CASE WHEN status = 'mitigated' THEN 'open' ELSE status END
WHERE id = $1
