-- Imported countermeasures. $1 jsonb array of {incident_id, at, action, worked}
INSERT INTO countermeasures (incident_id, at, action, worked, imported)
SELECT c.incident_id, c.at, c.action, c.worked, true
FROM jsonb_to_recordset($1::jsonb) AS c (incident_id text, at timestamptz, action text, worked boolean)
