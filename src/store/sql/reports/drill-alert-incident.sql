-- Where a drill alert stands: whether the triage has stored it, and the incident it opened or joined.
-- $1 = source, $2 = fingerprint.
SELECT a.id AS alert_id, a.incident_id, (i.drill OR i.origin = 'drill') AS drill, a.suppressed
FROM alerts a
LEFT JOIN incidents i ON i.id = a.incident_id
WHERE a.source = $1 AND a.fingerprint = $2
ORDER BY a.id DESC
LIMIT 1
