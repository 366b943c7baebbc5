-- What a verdict on one alert records, and the incident it belongs to. $1 bigint alert id
SELECT id, source, rule, labels, title, incident_id FROM alerts WHERE id = $1
