-- The distinct services and leads of the incident log, for the web UI's filter lists. No parameters.
SELECT 'service' AS facet, service AS value FROM (SELECT DISTINCT service FROM incidents WHERE service IS NOT NULL) s
UNION ALL
SELECT 'lead' AS facet, lead AS value FROM (SELECT DISTINCT lead FROM incidents WHERE lead IS NOT NULL) l
ORDER BY facet, value
