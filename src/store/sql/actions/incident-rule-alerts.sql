-- The rules of an incident's alerts (per source), with one alert's labels each. $1 incident_id
SELECT DISTINCT ON (source, rule) rule, source, labels FROM alerts WHERE incident_id = $1 ORDER BY source, rule, id
