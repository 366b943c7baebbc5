-- Incidents (drills and false positives left out) whose impact started (else detection, else record) in
-- [$1, $2), with what recurrences are grouped by, oldest first. $1 = from, $2 = to (timestamptz).
SELECT i.id, i.title, i.service, i.category, i.playbook_id, i.root_cause, i.status,
       coalesce(i.impact_started_at, i.detected_at, i.created_at) AS happened_at,
       (SELECT count(*)::int FROM remediations m WHERE m.incident_id = i.id AND m.status IN ('open', 'in_progress')) AS open_remediations
FROM incidents i
WHERE NOT i.drill AND i.origin <> 'drill' AND i.status <> 'false_positive'
  AND coalesce(i.impact_started_at, i.detected_at, i.created_at) >= $1::timestamptz
  AND coalesce(i.impact_started_at, i.detected_at, i.created_at) < $2::timestamptz
ORDER BY happened_at, i.id
