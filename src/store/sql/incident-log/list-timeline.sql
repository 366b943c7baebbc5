-- An incident's timeline, oldest first. $1 text incident id
SELECT id, at, actor, kind, summary, detail FROM timeline WHERE incident_id = $1 ORDER BY at, id
