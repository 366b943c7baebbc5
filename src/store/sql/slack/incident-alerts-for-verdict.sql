-- The alerts of an incident, for recording verdicts on their rules. $1 incident id
SELECT id, rule, source, labels, title FROM alerts WHERE incident_id = $1 ORDER BY id
