-- What silencing a rule would have hidden among the alerts already stored: all its alerts since $2, and those that
-- belonged to an incident that was not a false positive. $1 rule, $2 since
SELECT count(*)::int AS alerts,
       count(*) FILTER (WHERE i.id IS NOT NULL AND i.status <> 'false_positive')::int AS in_real_incidents,
       count(DISTINCT i.id) FILTER (WHERE i.status <> 'false_positive')::int AS real_incidents
FROM alerts a LEFT JOIN incidents i ON i.id = a.incident_id
WHERE a.rule = $1 AND a.first_received_at >= $2
