-- Incidents still open (open or mitigated), by severity and drill flag. No parameters.
SELECT severity, (drill OR origin = 'drill') AS drill, count(*)::int AS open
FROM incidents
WHERE status IN ('open', 'mitigated')
GROUP BY severity, (drill OR origin = 'drill')
