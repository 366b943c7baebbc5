-- Appends timeline entries. $1 jsonb array of {incident_id, at, actor, kind, summary, detail}
INSERT INTO timeline (incident_id, at, actor, kind, summary, detail)
SELECT e.incident_id, e.at, e.actor, e.kind, e.summary, coalesce(e.detail, '{}'::jsonb)
FROM jsonb_to_recordset($1::jsonb) AS e (incident_id text, at timestamptz, actor text, kind text, summary text, detail jsonb)
