-- The rules of an incident's alerts, with one alert's labels each. $1 incident_id
SELECT DISTINCT ON (rule) id, rule, source, labels, title FROM alerts WHERE incident_id = $1 ORDER BY rule, id
