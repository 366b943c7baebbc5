-- Opens an incident numbered from the sequence. $1 origin, $2 title, $3 service, $4 environment, $5 severity,
-- $6 category, $7 symptom, $8 impact_started_at, $9 detected_at, $10 entities, $11 drill, $12 at.
INSERT INTO incidents (id, origin, title, service, environment, severity, category, symptom, impact_started_at,
                       detected_at, entities, drill, last_alert_at, created_at, updated_at)
VALUES ('INC-' || lpad(nextval('incident_number_seq')::text, 4, '0'), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11,
        $12, $12, $12)
RETURNING id, title, service, status, severity, playbook_id, entities, created_at, last_alert_at,
       notified_at, drill, alert_count
